using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace ImapTools.TestBed;

/// <summary>
/// A bare IMAP session over a plain socket (no MailKit, no ImapTools code): for tests that must compare a tool's
/// output with the server's own words (the exact CAPABILITY line, LIST order, STATUS figures).
/// </summary>
public sealed partial class RawImapSession : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private int _tag;

    private RawImapSession(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>The greeting line.</summary>
    public string Greeting { get; private set; } = "";

    /// <summary>Connects to the plain IMAP port of <paramref name="server"/> and logs in as <paramref name="user"/>.</summary>
    public static async Task<RawImapSession> LoginAsync(DovecotServer server, string user)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.ImapPort);
        var session = new RawImapSession(tcp);
        session.Greeting = await session.ReadLineAsync();
        var (_, ok) = await session.CommandAsync($"LOGIN \"{user}\" \"{DovecotServer.Password}\"");
        if (!ok.Contains(" OK", StringComparison.Ordinal)) throw new InvalidOperationException("raw login failed: " + ok);
        return session;
    }

    /// <summary>Sends one command; returns the untagged lines (literals inlined) and the tagged completion line.</summary>
    public async Task<(List<string> Untagged, string Tagged)> CommandAsync(string command)
    {
        string tag = "r" + (++_tag);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(tag + " " + command + "\r\n"));
        var untagged = new List<string>();
        while (true)
        {
            string line = await ReadLineAsync();
            while (Literal().Match(line) is { Success: true } m)
            {
                int n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                var buffer = new byte[n];
                await _stream.ReadExactlyAsync(buffer);
                line = line[..m.Index] + Encoding.Latin1.GetString(buffer) + await ReadLineAsync();
            }
            if (line.StartsWith(tag + " ", StringComparison.Ordinal)) return (untagged, line);
            untagged.Add(line);
        }
    }

    /// <summary>
    /// <c>APPEND</c> of exactly <paramref name="message"/> (a LITERAL+ literal: no MIME library touches the bytes);
    /// returns the tagged completion line (OK, or the server's NO/BAD with its reason).
    /// </summary>
    /// <param name="mailbox">The mailbox name as sent (modified UTF-7, unquoted; it is quoted here).</param>
    /// <param name="flags">The flag list without parentheses, e.g. <c>\Seen $Forwarded</c>.</param>
    /// <param name="internalDate">The INTERNALDATE.</param>
    /// <param name="message">The message bytes.</param>
    public async Task<string> AppendAsync(string mailbox, string flags, DateTimeOffset internalDate, byte[] message)
    {
        string tag = "r" + (++_tag);
        string date = internalDate.ToString("dd-MMM-yyyy HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture)
            + (internalDate.Offset < TimeSpan.Zero ? "-" : "+") + internalDate.Offset.Duration().ToString("hhmm", System.Globalization.CultureInfo.InvariantCulture);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes($"{tag} APPEND {Quote(mailbox)} ({flags}) \"{date}\" {{{message.Length}+}}\r\n"));
        await _stream.WriteAsync(message);
        await _stream.WriteAsync("\r\n"u8.ToArray());
        while (true)
        {
            string line = await ReadLineAsync();
            if (line.StartsWith(tag + " ", StringComparison.Ordinal)) return line;
        }
    }

    /// <summary>An IMAP quoted string (backslash and double quote escaped).</summary>
    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The mailbox names of <c>LIST "" "*"</c>, raw (modified UTF-7), in server order.</summary>
    public async Task<List<string>> ListNamesAsync()
    {
        var (lines, _) = await CommandAsync("LIST \"\" \"*\"");
        var names = new List<string>();
        foreach (var line in lines)
        {
            var m = ListLine().Match(line);
            if (!m.Success) continue;
            string name = m.Groups[1].Value;
            if (name.Length >= 2 && name[0] == '"' && name[^1] == '"') name = name[1..^1].Replace("\\\"", "\"").Replace("\\\\", "\\");
            names.Add(name);
        }
        return names;
    }

    private async Task<string> ReadLineAsync()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _stream.ReadAsync(one) == 0) throw new IOException("connection closed");
            if (one[0] == '\n') break;
            bytes.Add(one[0]);
        }
        return Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r');
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try { await CommandAsync("LOGOUT"); } catch (IOException) { }
        _tcp.Dispose();
    }

    [GeneratedRegex(@"^\* LIST \([^)]*\) (?:NIL|""[^""]*"") (.*)$")]
    private static partial Regex ListLine();

    [GeneratedRegex(@"\{(\d+)\}$")]
    private static partial Regex Literal();
}
