using ImapTools.Common;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Stores;
using ImapTools.Common.Stores.Dump;

namespace ImapTools.Tools.DumpToImap;

/// <summary>dumptoIMAP: loads an imapdump tree (<c>&lt;dir&gt;/&lt;user&gt;</c>) into an IMAP account.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec dumptoIMAP §2).</summary>
    public const string Getopts = "m:L:i:dD:Ix:XRA:F:y:r:";

    private const string Usage = """
Usage: dumptoIMAP
    -D <path to the mailboxes> (imapdump's <dir>/<user>)
    -i <server/username/password>
    [-m <list of mailboxes to load>] [-x <file name suffix>] [-r <root mailbox>]
    [-A <admin_user:admin_password>] [-y "<delimiter> [prefix]"] [-F <max messages per mailbox>]
    [-L <logfile>] [-d] [-I]
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("dumptoIMAP", Getopts, Usage,
    [
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
        new LongOption("update", false, "skip messages the IMAP mailbox already holds (same message key)"),
    ]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var destination = AdminCredentials.Apply(ConnectionString.Parse(p.Value('i') ?? "", 'i'), p.Value('A'));
        string dir = p.Value('D') is { Length: > 0 } d ? d.TrimEnd('/') : throw new ImapToolsException("-D <path to the mailboxes> is required", ExitCodes.Usage);
        if (!Directory.Exists(dir)) throw new ImapToolsException($"{dir} does not exist", ExitCodes.File);
        int? limit = OptionValues.Int(p, 'F', "maximum messages per mailbox");
        string? root = p.Value('r') is { Length: > 0 } r ? r : null;

        using var log = ToolLog.Create(new LogSettings("dumptoIMAP", Debug: p.Has('d'), LogFile: p.Value('L'), ProtocolTrace: p.Has('I')));
        foreach (char c in "XR")
            if (p.Has(c)) log.Warn($"-{c} has no effect and is ignored");
        log.Info("Starting");
        log.Info($"dir = {dir}");
        var dump = new DumpStore(dir, readExtension: p.Value('x'), error: log.Error, warning: log.Warn);
        var folders = p.Value('m') is string m
            ? OptionValues.List(m).Select(n => string.Join('/', n.Trim('/').Split('/').Select(ModifiedUtf7.DecodeIfEncoded))).ToList()
            : dump.ListFolders().ToList();
        if (p.Value('m') is null)
            log.Info($"There are {folders.Sum(f => CountFiles(dump.FolderPath(f)))} messages");
        var store = new RenamedStore(dump, name => root is null ? name : root + "/" + name);
        var shown = folders.Select(store.Rename).ToList();

        var observer = new LegacyLinesObserver(log,
            (from, _, n) => $"Copying messages from {dump.FolderPath(Original(folders, shown, from))} to {OnDisk(Original(folders, shown, from))} folder on the IMAP server\n{OnDisk(Original(folders, shown, from))} has {n} messages",
            null);
        var summary = await new MailStoreImportJob(new MailStoreImportOptions
        {
            Destination = destination,
            Connection = new ConnectionSettings(ConnectionSettings.DefaultTimeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            DestinationNamespace = p.Value('y') is string y ? MailboxNamespace.ParseOverride(y) : null,
            Folders = shown,
            Update = p.Has("update"),
            Pipeline = new PipelineOptions { Limit = limit },
        }, store, log, observer).RunAsync(ct).ConfigureAwait(false);
        log.Info($"Done. {summary.Copied} messages were copied.");
        return observer.Failures + dump.ErrorCount + summary.FailedFolders > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private static string Original(List<string> folders, List<string> shown, string name)
    {
        int i = shown.IndexOf(name);
        return i >= 0 ? folders[i] : name;
    }

    private static string OnDisk(string folder) => string.Join('/', folder.Split('/').Select(ModifiedUtf7.Encode));

    private static int CountFiles(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir).Count(f => !Path.GetFileName(f).StartsWith('.')) : 0;
}
