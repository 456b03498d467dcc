using System.Globalization;
using ImapTools.Common;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Stores;
using ImapTools.Common.Stores.Thunderbird;
using IMailStore = ImapTools.Common.Stores.IMailStore;

namespace ImapTools.Tools.ThunderbirdToImap;

/// <summary>thunderbird_to_imap: uploads the folders of a Thunderbird mail directory to IMAP mailboxes with their flags.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec thunderbird_to_imap §2).</summary>
    public const string Getopts = "m:M:L:i:dIUE:A:F:x:XcR:Wr:D";

    private const string Usage = """
Usage: thunderbird_to_imap -i host[:port]/user/password[/CRAM-MD5] -m <Thunderbird mail directory>
       -m <dir>           the account directory, e.g. .../Mail/Local Folders (walked recursively, .sbd sub-folders)
       -M <f1,f2>         only these folders (Thunderbird path such as Archives/2013, or the IMAP name)
       -E <f1,f2>         all folders except these
       -r <root>          put every folder under this root mailbox
       -U                 update mode: skip messages the mailbox already holds
       -R <start:end>     only these message numbers of each folder
       -F <n>             at most n messages per folder
       -x "<delim> [prefix]"  use this hierarchy delimiter and prefix instead of NAMESPACE
       -A admin:password  log in as an administrator on behalf of the user
       -L <logfile>       log file
       -d                 debug
       -I                 log IMAP protocol exchanges (passwords are masked)
       -W -c -X -D        accepted for compatibility (line ends are detected per file)
       --insecure         accept any server certificate
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("thunderbird_to_imap", Getopts, Usage,
        [new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)")]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var destination = AdminCredentials.Apply(ConnectionString.Parse(p.Value('i') ?? "", 'i'), p.Value('A'));
        string dir = p.Value('m') ?? throw new ImapToolsException("You must specify the Thunderbird mail directory with -m", ExitCodes.Usage);
        var range = OptionValues.Range(p, 'R', ':');
        var nsOverride = p.Value('x') is string x ? MailboxNamespace.ParseOverride(x) : null;
        using var log = ToolLog.Create(new LogSettings("thunderbird_to_imap", Debug: p.Has('d'), LogFile: p.Value('L'), ProtocolTrace: p.Has('I')));
        log.Info("Starting");
        foreach (char letter in "cXD")
            if (p.Has(letter)) log.Warn($"-{letter} has no effect and is ignored");
        if (!Directory.Exists(dir)) throw new ImapToolsException($"{dir} does not exist", ExitCodes.File);

        var tb = new ThunderbirdStore(dir) { Skipped = log.Warn };
        string? rootName = p.Value('r') is string r ? ModifiedUtf7.DecodeIfEncoded(r).TrimEnd('/') : null;
        IMailStore store = rootName is not null ? new RootedStore(tb, rootName) : tb;
        string FileOf(string folder)
        {
            string inner = rootName is not null && folder.StartsWith(rootName + "/", StringComparison.Ordinal) ? folder[(rootName.Length + 1)..] : folder;
            try { return tb.PathOf(inner); }
            catch (FileNotFoundException) { return folder; }
        }
        var folders = Select(tb.ListFolders(), OptionValues.List(p.Value('M')), OptionValues.List(p.Value('E')))
            .Select(f => rootName is null ? f : rootName + "/" + f).ToList();
        if (p.Has('U')) log.Info("Running in update mode");
        if (folders.Count == 0)
        {
            log.Info($"No folders to copy in {dir}");
            return ExitCodes.Success;
        }

        var filters = new List<MessageFilter>();
        if (range is var (lo, hi)) filters.Add(r => r.Index < lo || r.Index > hi ? "out of range" : null);
        var observer = new Observer(log, destination, FileOf);
        var options = new MailStoreImportOptions
        {
            Destination = destination,
            Connection = new ConnectionSettings(TimeSpan.FromSeconds(300), p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            DestinationNamespace = nsOverride,
            Folders = folders,
            Update = p.Has('U'),
            Pipeline = new PipelineOptions { Filters = filters, Limit = OptionValues.Int(p, 'F', "messages per folder") },
        };
        var summary = await new MailStoreImportJob(options, store, log, observer).RunAsync(ct);
        foreach (var source in tb.Opened.Where(s => s.Expunged > 0))
            log.Info($"Skipped {source.Expunged} deleted (expunged, not compacted) messages in {source.Path}");

        log.Info("Done");
        log.Info("\n\nSummary:\n");
        log.Info($"   Mailboxes copied    {summary.Folders.Count(f => f.Error is null)}");
        log.Info($"   Msgs copied         {summary.Copied}");
        log.Info("Done");
        return summary.Failed > 0 || summary.FailedFolders > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    /// <summary>
    /// -M/-E items match a folder by its Thunderbird path (<c>Archives/2013</c>, <c>Archives.sbd/2013</c>, <c>Inbox</c>)
    /// or by the IMAP name the legacy tool compared (<c>INBOX.Archives.2013</c>, modified UTF-7 accepted).
    /// </summary>
    private static List<string> Select(IReadOnlyList<string> folders, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        bool Matches(string folder, string item)
        {
            string name = ModifiedUtf7.DecodeIfEncoded(item.Trim());
            if (MailboxNameComparer.Instance.Equals(folder, ThunderbirdStore.FolderName(name.Replace('/', Path.DirectorySeparatorChar)))) return true;
            foreach (var (prefix, delimiter) in new[] { ("INBOX.", '.'), ("INBOX/", '/'), ("", '.') })
                if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length
                    && folder == name[prefix.Length..].Replace(delimiter, '/'))
                    return true;
            return false;
        }
        return folders.Where(f => (include.Count == 0 || include.Any(i => Matches(f, i))) && !exclude.Any(e => Matches(f, e))).ToList();
    }


    private sealed class Observer(ToolLog log, ConnectionString destination, Func<string, string> fileOf) : IStoreTransferObserver
    {
        private bool _connected;

        public void FolderStarting(string from, string to, int messages)
        {
            if (!_connected)
            {
                _connected = true;
                log.Info($"Connected to {destination.Host} on port {destination.Port}");
            }
            string file = fileOf(from);
            log.Info($"Counting messages in {file}");
            log.Info($"There are {messages} msgs in {file}");
            log.Info($"Copying {to} folder");
        }

        public void FolderDone(string from, string to, FolderResult result) =>
            log.Info($"Copied {result.Copied} messages into {to} folder");

        public void FolderFailed(string from, string reason) => log.Error($"Error copying {from}: {reason}");

        public void Copied(IMessageSource source, MessageRecord record, int copiedSoFar, int total)
        {
            if (copiedSoFar % 500 == 0) log.Info($"   {copiedSoFar} messages so far");
        }

        public void Failed(IMessageSource source, MessageRecord record, string reason) =>
            log.Error($"unexpected APPEND response: message {record.Index} of {source.Name}: {reason}");

        public void TooLarge(IMessageSource source, MessageRecord record) { }
    }
}
