using System.Net;
using System.Net.Sockets;
using System.Text;
using ImapTools.Common.Logging;
using MailKit.Net.Imap;
using MailKit.Security;

namespace ImapTools.Common.Tests.Logging;

/// <summary>
/// A real MailKit <see cref="ImapClient"/> against a tiny scripted loopback responder, traced through
/// <see cref="ToolLog.CreateProtocolLogger"/>: MailKit's own chunking and its own secret detector are exercised.
/// </summary>
public sealed class MailKitTraceTests
{
    private const string Password = "s3cr3t p@ss";

    private static async Task ServeAsync(TcpListener listener, string capabilities)
    {
        using var socket = await listener.AcceptTcpClientAsync();
        using var stream = socket.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteAsync($"* OK [CAPABILITY {capabilities}] ready\r\n");
        while (await reader.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ', 3);
            var tag = parts[0];
            var command = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
            switch (command)
            {
                case "AUTHENTICATE":
                    if (parts.Length < 3 || !parts[2].Contains(' '))
                    {
                        await writer.WriteAsync("+ \r\n");
                        await reader.ReadLineAsync();
                    }
                    await writer.WriteAsync($"{tag} OK [CAPABILITY IMAP4rev1] Logged in\r\n");
                    break;
                case "LOGIN":
                    await writer.WriteAsync($"{tag} OK [CAPABILITY IMAP4rev1] Logged in\r\n");
                    break;
                case "CAPABILITY":
                    await writer.WriteAsync($"* CAPABILITY {capabilities}\r\n{tag} OK done\r\n");
                    break;
                case "LOGOUT":
                    await writer.WriteAsync($"* BYE bye\r\n{tag} OK done\r\n");
                    return;
                case "LIST":
                    await writer.WriteAsync($"* LIST (\\HasNoChildren) \"/\" INBOX\r\n{tag} OK done\r\n");
                    break;
                default:
                    await writer.WriteAsync($"{tag} OK done\r\n");
                    break;
            }
        }
    }

    private static List<string> Run(string capabilities, bool sasl)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var server = ServeAsync(listener, capabilities);
            var lines = new List<string>();
            var console = new StringWriter();
            using (var log = ToolLog.Create(new LogSettings("imapcopy", ProtocolTrace: true), console, new StringWriter()))
            {
                log.LineLogged += l => { lock (lines) lines.Add(l); };
                using var client = new ImapClient(log.CreateProtocolLogger());
                client.Timeout = 10_000;
                client.Connect("127.0.0.1", port, SecureSocketOptions.None);
                if (!sasl)
                    client.AuthenticationMechanisms.Clear();
                client.Authenticate("alice", Password);
                client.Disconnect(quit: true);
            }
            Assert.True(server.Wait(TimeSpan.FromSeconds(10)));
            var all = console.ToString();
            Assert.DoesNotContain(Password, all);
            Assert.DoesNotContain("cr3t", all);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0" + Password))[..10], all);
            return lines;
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void Login_ThroughRealImapClient()
    {
        var lines = Run("IMAP4rev1", sasl: false);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^>> [A-Z]\d{8} LOGIN alice XXXXX$"));
        Assert.Contains("<< * OK [CAPABILITY IMAP4rev1] ready", lines);
        Assert.Contains(lines, l => l.EndsWith(" LOGOUT", StringComparison.Ordinal));
    }

    [Fact]
    public void AuthenticatePlain_ThroughRealImapClient()
    {
        var lines = Run("IMAP4rev1 AUTH=PLAIN", sasl: true);
        Assert.Contains(lines, l => l.EndsWith(" AUTHENTICATE PLAIN", StringComparison.Ordinal));
        Assert.Contains(">> ********", lines);
    }

    [Fact]
    public void AuthenticatePlainWithSaslIr_ThroughRealImapClient()
    {
        var lines = Run("IMAP4rev1 SASL-IR AUTH=PLAIN", sasl: true);
        Assert.Contains(lines, l => l.EndsWith(" AUTHENTICATE PLAIN ********", StringComparison.Ordinal));
    }
}
