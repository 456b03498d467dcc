using System.Globalization;
using ImapTools.Common;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Stores;
using ImapTools.Common.Stores.Mbox;
using IMailStore = ImapTools.Common.Stores.IMailStore;

namespace ImapTools.Tools.MboxToImap;

/// <summary>MboxtoIMAP: appends the messages of mbox files to IMAP mailboxes named after the files.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec MboxtoIMAP §2).</summary>
    public const string Getopts = "m:L:i:dIr:RDf:n:p:UM:t:WA:F:u:";

    private const string FailedAppendsFile = "MboxtoIMAP.failed_appends";

    private const string Usage = """
Usage: MboxtoIMAP -m <dir> | -f <file> [-n <mailbox>]  -i host[:port]/user/password[/CRAM-MD5]
       -m <dir>           directory searched recursively for mbox files (one mailbox per file)
       -f <file>          one mbox file
       -n <mailbox>       with -f: the IMAP mailbox (default: the file's name)
       -p <root>          put every mailbox under this root mailbox
       -U                 update mode: skip messages the mailbox already holds
       -r <lower-upper>   only these message numbers of each file
       -R                 remove the copied messages from the mbox file
       -F <n>             at most n messages per file
       -W                 write refused messages to ./MboxtoIMAP.failed_appends
       -t <seconds>       IMAP timeout (default 300)
       -A admin:password  log in as an administrator on behalf of the user
       -L <logfile>       log file
       -d                 debug
       -I                 log IMAP protocol exchanges (passwords are masked)
       --insecure         accept any server certificate
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("MboxtoIMAP", Getopts, Usage,
        [new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)")]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var destination = AdminCredentials.Apply(ConnectionString.Parse(p.Value('i') ?? "", 'i'), p.Value('A'));
        var range = OptionValues.Range(p, 'r', '-');
        using var log = ToolLog.Create(new LogSettings("MboxtoIMAP", Debug: p.Has('d'), LogFile: p.Value('L'), ProtocolTrace: p.Has('I'),
            ConsoleToStderr: true));
        log.Info("Starting");
        foreach (char letter in "DMu")
            if (p.Has(letter)) log.Warn($"-{letter} has no effect (it was unused in the original MboxtoIMAP) and is ignored");

        IMailStore store = OpenStore(p, log);
        if (store.ListFolders().Count == 0)
        {
            log.Info($"No mailfiles were found in {store.Root}");
            return ExitCodes.Success;
        }
        if (p.Value('p') is string root) store = new RootedStore(store, ModifiedUtf7.DecodeIfEncoded(root));
        if (p.Has('U')) log.Info("Running in update mode, msgs already on the destination will not be copied again");
        if (range is var (lower, upper)) log.Info($"Migrating Mbox message numbers between {lower} and {upper}");

        var filters = new List<MessageFilter>();
        if (range is var (lo, hi)) filters.Add(r => r.Index < lo || r.Index > hi ? "out of range" : null);
        var observer = new Observer(log, destination, p.Has('W'));
        var options = new MailStoreImportOptions
        {
            Destination = destination,
            Connection = new ConnectionSettings(TimeSpan.FromSeconds(OptionValues.Int(p, 't', "timeout in seconds") ?? 300),
                p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            Update = p.Has('U'),
            Pipeline = new PipelineOptions { Filters = filters, Limit = OptionValues.Int(p, 'F', "messages per file") },
        };
        var summary = await new MailStoreImportJob(options, store, log, observer).RunAsync(ct);

        if (p.Has('R'))
        {
            foreach (var (path, numbers) in observer.CopiedByFile)
            {
                try
                {
                    MboxFile.RemoveMessages(path, e => !numbers.Contains(e.Number), ct);
                    log.Info($"Installed new version of mailfile {path}");
                }
                catch (Exception e) when (FileErrors.IsFileError(e) || e is FormatException)
                {
                    log.Error($"Can't rewrite {path}: {FileErrors.Describe(e)}; it is unchanged");
                    return ExitCodes.File;
                }
            }
        }
        if (observer.FailedAppends.Count > 0)
        {
            File.WriteAllLines(FailedAppendsFile, observer.FailedAppends);
            log.Info($"Wrote failed appends to {FailedAppendsFile}");
        }

        log.Info("\n\nSummary:\n");
        log.Info($"   Mailboxes  {summary.Folders.Count(f => f.Error is null)}");
        log.Info($"   Total Msgs {summary.Copied}");
        return summary.Failed > 0 || summary.FailedFolders > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    /// <summary>-m (a directory of mbox files) wins over -f (one file, named by -n or its index entry or its base name).</summary>
    private static IMailStore OpenStore(ParsedCommandLine p, ToolLog log)
    {
        if (p.Value('m') is string dir)
        {
            if (!Directory.Exists(dir)) throw new ImapToolsException($"{dir} does not exist", ExitCodes.File);
            return new MboxStore(dir) { Skipped = log.Warn };
        }
        if (p.Value('f') is not string file)
            throw new ImapToolsException("You must specify either -m <directory> or -f <mbox file>", ExitCodes.Usage);
        if (!File.Exists(file)) throw new ImapToolsException($"mfile {file} does not exist", ExitCodes.File);
        try
        {
            if (!MboxFile.LooksLikeMbox(file))
                throw new ImapToolsException($"{file} is not an mbox file: it does not start with a From_ line", ExitCodes.File);
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Can't open {file}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
        string name = p.Value('n') is string n ? ModifiedUtf7.DecodeIfEncoded(n) : FolderNameOf(file);
        return MboxStore.ForFile(file, name);
    }

    /// <summary>The folder an mbox file was exported from (its directory's index), else its base name without <c>.mbox</c>.</summary>
    private static string FolderNameOf(string file)
    {
        string full = Path.GetFullPath(file);
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null)
        {
            var store = new MboxStore(dir);
            foreach (string folder in store.ListFolders())
                if (Path.GetFullPath(store.PathOf(folder)) == full) return folder;
        }
        string name = Path.GetFileName(full);
        return name.EndsWith(".mbox", StringComparison.Ordinal) ? name[..^5] : name;
    }


    private sealed class Observer(ToolLog log, ConnectionString destination, bool recordFailures) : IStoreTransferObserver
    {
        private bool _connected;

        public Dictionary<string, HashSet<int>> CopiedByFile { get; } = new(StringComparer.Ordinal);

        public List<string> FailedAppends { get; } = [];

        public void FolderStarting(string from, string to, int messages)
        {
            if (!_connected)
            {
                _connected = true;
                log.Info($"Connected to {destination.Host} on port {destination.Port}");
            }
            log.Info($"Copying to mbx {to}");
            log.Info($"There are {messages} messages in the {from} mbox");
        }

        public void FolderDone(string from, string to, FolderResult result) { }

        public void FolderFailed(string from, string reason) => log.Error($"Error importing {from}: {reason}");

        public void Copied(IMessageSource source, MessageRecord record, int copiedSoFar, int total)
        {
            log.Info($"Copying message number {record.Index} {(record.Key.StartsWith('<') ? record.Key : "")}".TrimEnd());
            if (source is MboxFolderSource mbox)
            {
                if (!CopiedByFile.TryGetValue(mbox.Path, out var set)) CopiedByFile[mbox.Path] = set = [];
                set.Add(record.Index);
            }
        }

        public void Failed(IMessageSource source, MessageRecord record, string reason)
        {
            log.Error($"Copy failed: message number {record.Index} of {source.Name}: {reason}");
            if (recordFailures)
                FailedAppends.Add($"{reason}: {record.Subject}   {record.InternalDate?.ToString("dd-MMM-yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture)}");
        }

        public void TooLarge(IMessageSource source, MessageRecord record) { }
    }
}
