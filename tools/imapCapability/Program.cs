using ImapTools.Common;
using ImapTools.Common.Accounts;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using MailKit.Net.Imap;

namespace ImapTools.Tools.ImapCapability;

/// <summary>imapCapability: logs in and prints the server's capability list (and the mailboxes with -m).</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec imapCapability §2); its return value was ignored.</summary>
    public const string Getopts = "h:u:p:dmA:I";

    /// <summary>The usage text (spec §1, with the CRAM-MD5 hint corrected, Q4).</summary>
    public const string Usage =
        "usage:  imapCapability.pl -h <host> -u <user> -p <password>\n" +
        "     Option argument:  -m  (list mailboxes)\n" +
        "To use CRAM-MD5 for logins add /CRAM-MD5 like this:  -h host/CRAM-MD5\n";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("imapCapability", Getopts, Usage,
    [
        ConnectionOptions.Insecure,
        ConnectionOptions.Timeout,
    ]) { IgnoreParseErrors = true };

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        string? host = p.Value('h'), user = p.Value('u'), password = p.Value('p');
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(user) || (string.IsNullOrEmpty(password) && !p.Has('A')))
        {
            Console.Out.Write(Usage);
            return ExitCodes.Success;
        }
        var target = LegacyHostForms.FromSeparateFlags(host, user, password, p.Value('A'), 'h');
        var settings = ConnectionOptions.From(p);
        using var log = ToolLog.Create(new LogSettings("imapCapability", Debug: p.Has('d'), ProtocolTrace: p.Has('I')));
        var out_ = Console.Out;
        ServerLineRecorder? recorder = null;
        var connector = new ImapConnector(settings, log) { WrapProtocolLogger = inner => recorder = new ServerLineRecorder(inner) };

        using ImapClient client = await connector.ConnectUnauthenticatedAsync(target, "IMAP", ct);
        out_.Write($"Connected to {target.Host} on port {target.Port}\n");
        out_.Flush();
        try
        {
            await connector.AuthenticateAsync(client, target, "IMAP", ct);
        }
        catch (ImapToolsException e) when (e.ExitCode == ExitCodes.Authentication)
        {
            out_.Write($"Unexpected LOGIN response: {ImapConnector.LoginFailureText(e)}\n");
            return ExitCodes.Authentication;
        }

        out_.Write("\nThe server supports the following IMAP capabilities:\n\n");
        out_.Write((recorder?.LastCapabilities ?? "") + "\n");

        if (p.Has('m'))
        {
            out_.Write($"\nList of mailboxes for {user}:\n\n");
            foreach (var folder in await FolderListing.ListAllAsync(client, ct))
            {
                string raw = FolderListing.RawName(folder);
                out_.Write(raw == folder.FullName ? $"   {raw}\n" : $"   {raw}  ({folder.FullName})\n");
            }
        }
        out_.Flush();
        try { await client.DisconnectAsync(true, ct); }
        catch (Exception e) when (e is IOException or ImapProtocolException or ImapCommandException)
        {
            out_.Write($"Unexpected LOGOUT response: {e.Message}\n");
        }
        return ExitCodes.Success;
    }
}
