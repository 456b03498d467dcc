using ImapTools.Common;
using ImapTools.Common.Accounts;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Reporting;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Tools.ImapPing;

/// <summary>imapPing: a response-time probe that prints the local time before each step of an IMAP session.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec imapPing §2); its return value was ignored.</summary>
    public const string Getopts = "h:u:p:A:I";

    /// <summary>The usage text (spec §1), byte for byte.</summary>
    public const string Usage =
        "\nUsage: imapPing.pl <args> \n\n" +
        "   -h   <hostname>\n" +
        "   -u   <user>\n" +
        "   -p   <password>\n" +
        "To use CRAM-MD5 for logins add /CRAM-MD5 like this:  -h hostname/CRAM-MD5\n";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("imapPing", Getopts, Usage,
        [ConnectionOptions.Insecure, ConnectionOptions.Timeout]) { IgnoreParseErrors = true };

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        string? hostValue = p.Value('h'), user = p.Value('u'), password = p.Value('p');
        if (string.IsNullOrEmpty(hostValue) || string.IsNullOrEmpty(user) || (string.IsNullOrEmpty(password) && !p.Has('A')))
        {
            Console.Out.Write(Usage);
            return ExitCodes.Success;
        }
        var target = LegacyHostForms.FromSeparateFlags(hostValue, user, password, p.Value('A'), 'h');
        string shownHost = LegacyHostForms.StripCramMd5(hostValue).HostPort;
        using var log = ToolLog.Create(new LogSettings("imapPing", ProtocolTrace: p.Has('I'), ConsoleToStderr: true));
        var connector = new ImapConnector(ConnectionOptions.From(p), log);
        var stdout = Console.Out;
        void Step(string label)
        {
            stdout.Write(StepTimeLine.Format(label, DateTime.Now) + "\n");
            stdout.Flush();
        }

        Step($"Connecting to {shownHost}");
        using ImapClient client = await connector.ConnectUnauthenticatedAsync(target, "IMAP", ct);

        Step($"Logging in as {user}");
        bool loggedIn = true;
        try
        {
            await connector.AuthenticateAsync(client, target, "IMAP", ct);
        }
        catch (ImapToolsException e) when (e.ExitCode == ExitCodes.Authentication)
        {
            loggedIn = false;
            stdout.Write($"Unexpected login response {ImapConnector.LoginFailureText(e)}\n");
        }

        Step("Get list of mailboxes");
        if (!loggedIn) stdout.Write("unexpected response: not logged in\n");
        else await TryAsync(() => FolderListing.ListAllAsync(client, ct), "unexpected response: ", stdout);

        // The original printed this label but sent nothing; here it opens INBOX read-only (EXAMINE), so the
        // line before the next one times the select step it names.
        Step("Selecting the INBOX");
        if (!loggedIn) stdout.Write("Error: not logged in\n");
        else await TryAsync(() => client.Inbox.OpenAsync(FolderAccess.ReadOnly, ct), "Error: ", stdout);

        Step("Get list of msgs in INBOX");
        if (!loggedIn) stdout.Write("Unexpected response: not logged in\n");
        else if (client.Inbox.IsOpen && client.Inbox.Count > 0)
            await TryAsync(() => client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags, ct), "Unexpected response: ", stdout);

        Step("Logging out");
        try { await client.DisconnectAsync(true, ct); }
        catch (Exception e) when (e is IOException or ImapProtocolException or ImapCommandException)
        {
            stdout.Write($"unexpected LOGOUT response: {e.Message}\n");
        }

        Step("Done");
        return loggedIn ? ExitCodes.Success : ExitCodes.Authentication;
    }

    private static async Task TryAsync(Func<Task> action, string prefix, TextWriter stdout)
    {
        try { await action(); }
        catch (Exception e) when (e is ImapCommandException or ImapProtocolException or IOException or FolderNotFoundException)
        {
            stdout.Write(prefix + e.Message.ReplaceLineEndings(" ") + "\n");
        }
    }
}
