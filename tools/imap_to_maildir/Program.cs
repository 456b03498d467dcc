using System.Diagnostics;
using System.Text.RegularExpressions;
using ImapTools.Common;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;
using ImapTools.Common.Stores.Maildir;
using MailKit.Search;

namespace ImapTools.Tools.ImapToMaildir;

/// <summary>imap_to_maildir: copies the mailboxes of one IMAP account into a Maildir++ tree.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec imap_to_maildir §2): <c>x</c> and <c>,</c> are switches, <c>M</c> takes a value.</summary>
    public const string Getopts = "dS:L:m:u:M::hf:F:Ia:x,e:A:F:G";

    private const string Usage = """
usage: imap_to_maildir -S Host/User/Password -M <maildir> [-u <unix user>]
       -M <maildir> the user's Maildir (created if missing); INBOX is the Maildir itself, other folders .Folder.Sub
       -u <unix user> give the written files to this user (chown -R)
       -m <mailbox list> copy only these mailboxes (comma-separated)
       -e <regular expression> skip mailboxes whose name matches (case-insensitive)
       -a <DD-MMM-YYYY> copy only messages on or after this date
       -F <n> copy at most n messages per mailbox
       -A <admin_user:admin_password>
       -G Gmail: drop the leading [Gmail]/ from folder names and skip [Gmail]/All Mail
       -L <logfile>  -d debug  -I log IMAP protocol exchanges (passwords masked)
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("imap_to_maildir", Getopts, Usage,
    [
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
        new LongOption("update", false, "skip messages the Maildir folder already holds (same message key)"),
    ]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var source = AdminCredentials.Apply(ConnectionString.Parse(p.Value('S') ?? "", 'S'), p.Value('A'));
        string root = p.Value('M') is { Length: > 0 } m ? m
            : throw new ImapToolsException("You must specify the username and the directory where the user's Maildir is located (for example: -u rick -M /mhub4/rick/Maildir)", ExitCodes.Usage);
        SearchQuery? since = p.Value('a') is string a ? SearchQuery.DeliveredAfter(ImapDate.ParseLegacy(a, "Copy after")) : null;
        Regex? exclude = p.Value('e') is string e ? new Regex(PerlRegex.Convert(e).ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) : null;
        bool gmail = p.Has('G');

        using var log = ToolLog.Create(new LogSettings("imap_to_maildir", Debug: p.Has('d'), LogFile: p.Value('L'), ProtocolTrace: p.Has('I'), FileFormat: LogLineFormat.WithPid));
        foreach (char c in "xf,")
            if (p.Has(c)) log.Warn($"-{c} has no effect and is ignored");
        try { Directory.CreateDirectory(root); }
        catch (Exception ex) when (FileErrors.IsFileError(ex)) { throw new ImapToolsException($"Error creating {root}: {FileErrors.Describe(ex)}", ExitCodes.File, ex); }
        log.Info("\nimap_to_maildir starting");

        var store = new MaildirStore(root, log.Error);
        var observer = new LegacyLinesObserver(log,
            (from, to, n) => $"   {ModifiedUtf7.Encode(from)} has {n} messages\nCreate the directories for the {store.FolderPath(to)} folder",
            null);
        var summary = await new MailStoreExportJob(new MailStoreExportOptions
        {
            Source = source,
            Connection = new ConnectionSettings(ConnectionSettings.DefaultTimeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            Mailboxes = OptionValues.List(p.Value('m')),
            ExcludeFolder = name =>
            {
                bool skip = exclude is not null && (exclude.IsMatch(name) || exclude.IsMatch(ModifiedUtf7.Encode(name)))
                    || gmail && name.Equals("[Gmail]/All Mail", StringComparison.OrdinalIgnoreCase);
                if (skip) log.Info($"Excluding {ModifiedUtf7.Encode(name)}");
                return skip;
            },
            StoreFolderName = gmail ? name => name.StartsWith("[Gmail]/", StringComparison.Ordinal) ? name["[Gmail]/".Length..] : name : null,
            Search = since,
            Update = p.Has("update"),
            Pipeline = new PipelineOptions { Limit = OptionValues.Int(p, 'F', "maximum messages per mailbox") },
        }, store, log, observer).RunAsync(ct).ConfigureAwait(false);
        log.Info($"Copied {summary.Copied} total messages");

        int failures = observer.Failures + store.ErrorCount + summary.FailedFolders;
        if (p.Value('u') is { Length: > 0 } owner && owner != Environment.UserName && !await ChownAsync(owner, root, log, ct).ConfigureAwait(false))
            failures++;
        return failures > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    /// <summary>Gives the whole Maildir to <paramref name="owner"/> (<c>chown -R</c>, no shell); a failure is reported, not fatal.</summary>
    private static async Task<bool> ChownAsync(string owner, string root, ToolLog log, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("chown") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in new[] { "-R", "--", owner, root }) psi.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("chown did not start");
            string error = await process.StandardError.ReadToEndAsync(ct).ConfigureAwait(false);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            if (process.ExitCode == 0) return true;
            log.Error($"Failed to chown {owner} for {root}: {error.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            log.Error($"Failed to chown {owner} for {root}: {ex.Message}");
        }
        return false;
    }
}
