using System.Globalization;
using ImapTools.Common;
using ImapTools.Common.Accounts;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Dedupe;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;
using ImapTools.Common.Stores.Dump;
using MailKit;
using MailKit.Search;

namespace ImapTools.Tools.ImapDump;

/// <summary>imapdump: dumps the messages of IMAP accounts into <c>&lt;dir&gt;/&lt;user&gt;/&lt;mailbox&gt;/&lt;n&gt;</c> files.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec imapdump §2.1); note <c>N:</c> takes a value.</summary>
    public const string Getopts = "dS:L:m:hf:F:Ix:ra:uD:Ue:E:A:sgR:l:n:GwzCX:YZ:N:i:j:T:qcp";

    private const string Usage = """
usage: imapdump -S Host/User/Password -f <dir>
       <dir> is the file directory where the messages are written (<dir>/<user>/<mailbox>/<n>)
       -L <logfile>
       -m <mailbox list> (e.g. "Inbox, Drafts, Notes"; default all mailboxes)
       -e <mailboxes to exclude> (comma-separated names)   -E <regular expressions of mailboxes to exclude>
       -l <file of users> (user:password or user|password per line)   -i <user> -j <password>
       -A <admin_user:admin_password>
       -x <extension> file name extension, e.g. txt
       -s append ,S to the file name of seen messages (dumptoIMAP sets \Seen)
       -z append all flag letters to the file name (2454,SAF)   -C with -z, include $keyword$ letters
       -X <header field> name the files after this header field (e.g. Subject)
       -N <any> do not make file names unique (overwrite)
       -a <DD-MMM-YYYY or number of days> dump only messages on or after this date
       -Z <IMAP SEARCH criteria> dump only the matching messages
       -F <flags> dump only messages with one of these flags (Seen, Unseen, Answered, Flagged, Deleted, Draft)
       -U update mode: don't dump messages already in the dump directory
       -u don't dump messages already dumped from any mailbox (key file <D>/<user>/dumped.keys)
       -D <dir> directory of the -u key file (default the -f directory)
       -r remove the dumped messages from the server
       -n <number> dump this many users in parallel
       -Y accepted: file mtimes are always the messages' internal dates
       -d debug   -I log IMAP protocol exchanges (passwords masked)
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("imapdump", Getopts, Usage,
    [
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
    ]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        string? root = p.Value('f');
        if (string.IsNullOrEmpty(root))
            throw new ImapToolsException("You must specify the file directory where messages will be written using the -f argument.", ExitCodes.Usage);
        var source = ConnectionString.Parse(p.Value('S') ?? "", 'S');
        SearchQuery? search = SearchFrom(p);
        var filter = p.Value('F') is string flagList ? FlagFilter(flagList) : null;
        var users = Users(p, source);
        var write = new DumpWriteOptions
        {
            Extension = DumpWriteOptions.NormalizeExtension(p.Value('x')),
            SeenSuffix = p.Has('s'),
            AllFlagLetters = p.Has('z'),
            KeywordLetters = p.Has('C'),
            NameHeader = p.Value('X') is { Length: > 0 } x ? x : null,
            Overwrite = p.Has('N'),
        };
        var exclude = OptionValues.List(p.Value('e')).ToHashSet(StringComparer.Ordinal);
        var excludePatterns = p.Value('E') is string ep ? ep.Split(',').Select(r => PerlRegex.Convert(r)).ToList() : [];
        int parallel = Math.Max(1, OptionValues.Int(p, 'n', "number of parallel users") ?? 1);

        using var log = ToolLog.Create(new LogSettings("imapdump", Debug: p.Has('d'), LogFile: p.Value('L'), ProtocolTrace: p.Has('I'), FileFormat: LogLineFormat.WithPid));
        try { Directory.CreateDirectory(root); }
        catch (Exception e) when (FileErrors.IsFileError(e)) { throw new ImapToolsException($"Fatal Error: {root} does not exist ({FileErrors.Describe(e)})", ExitCodes.File, e); }
        log.Info("\nimapdump starting");
        if (filter is not null) log.Info($"Dumping only those messages with one of the following flags: {p.Value('F')}");
        if (parallel > 1) log.Info($"Running in parallel mode, number of children = {parallel}");
        if (p.Has('U')) log.Info("Running in Update mode");
        if (p.Has('u')) log.Info("Running in no-duplicates mode");
        foreach (char c in "gGTpqcRw")
            if (p.Has(c)) log.Warn($"-{c} is not supported by this imapdump and is ignored");

        int failures = 0;
        using var throttle = new SemaphoreSlim(parallel);
        var runs = users.Select(async user =>
        {
            await throttle.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                int f = await DumpUserAsync(p, log, root, user, write, search, filter, exclude, excludePatterns, ct).ConfigureAwait(false);
                Interlocked.Add(ref failures, f);
            }
            finally { throttle.Release(); }
        }).ToList();
        await Task.WhenAll(runs).ConfigureAwait(false);
        log.Info("Done");
        return failures > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private static async Task<int> DumpUserAsync(ParsedCommandLine p, ToolLog log, string root, ConnectionString account, DumpWriteOptions write,
        SearchQuery? search, MessageFilter? filter, HashSet<string> exclude, List<System.Text.RegularExpressions.Regex> excludePatterns, CancellationToken ct)
    {
        log.Info($"Dumping messages for {account.User}");
        string userDir = Path.Combine(root, account.User);
        Directory.CreateDirectory(userDir);
        CopiedKeyStore? keys = null;
        if (p.Has('u'))
        {
            string keyDir = Path.Combine(p.Value('D') ?? root, account.User);
            Directory.CreateDirectory(keyDir);
            keys = CopiedKeyStore.Open(keyDir, "dumped");
            log.Info($"Opened key file {keys.FilePath}");
        }
        try
        {
            var store = new DumpStore(userDir, write, error: log.Error, warning: log.Warn);
            var observer = new LegacyLinesObserver(log,
                (from, _, n) => $"{ModifiedUtf7.Encode(from)} has {n} messages",
                (from, _, r) => r.Copied > 0 ? $"Dumped {r.Copied} messages in {ModifiedUtf7.Encode(from)}" : null);
            var summary = await new MailStoreExportJob(new MailStoreExportOptions
            {
                Source = account,
                Connection = new ConnectionSettings(ConnectionSettings.DefaultTimeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
                Mailboxes = OptionValues.List(p.Value('m')),
                ExcludeFolder = name => exclude.Contains(name) || exclude.Contains(ModifiedUtf7.Encode(name))
                    || excludePatterns.Any(r => r.IsMatch(name) || r.IsMatch(ModifiedUtf7.Encode(name))),
                Search = search,
                Update = p.Has('U'),
                RemoveExported = p.Has('r'),
                Pipeline = new PipelineOptions { KeyStore = keys, Filters = filter is null ? [] : [filter] },
            }, store, log, observer).RunAsync(ct).ConfigureAwait(false);
            return observer.Failures + store.ErrorCount + summary.FailedFolders;
        }
        finally
        {
            keys?.Dispose();
        }
    }

    /// <summary>-l file, -i/-j, or the -S user; -A makes every account an admin login.</summary>
    private static List<ConnectionString> Users(ParsedCommandLine p, ConnectionString source)
    {
        var accounts = new List<ConnectionString>();
        if (p.Value('l') is string file)
        {
            var format = new UsersFileFormat("user:password", UsersFileFormat.ColonOrBar, 1, 2, RestInLastField: true);
            foreach (var entry in UsersFile.Read(file, format, "Can't open users file"))
                accounts.Add(source with { User = entry[0], Password = entry.Fields.Count > 1 ? entry[1] : source.Password, AdminUser = null });
        }
        else if (!string.IsNullOrEmpty(p.Value('i')) && !string.IsNullOrEmpty(p.Value('j')))
        {
            accounts.Add(source with { User = p.Value('i')!, Password = p.Value('j')!, AdminUser = null });
        }
        else
        {
            accounts.Add(source);
        }
        accounts = accounts.Select(a => AdminCredentials.Apply(a, p.Value('A'))).ToList();
        if (accounts.Any(a => a.User.Length == 0 || a.User is "." or ".." || a.User.Contains('/')))
            throw new ImapToolsException("A user name is empty or cannot be a directory name", ExitCodes.Usage);
        return accounts;
    }

    /// <summary>-a (DD-MMM-YYYY or a number of days, SEARCH SINCE) wins over -Z (any SEARCH criteria).</summary>
    private static SearchQuery? SearchFrom(ParsedCommandLine p)
    {
        if (p.Value('a') is string a)
        {
            DateTime since = int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out int days)
                ? DateTime.Today.AddDays(-days)
                : ImapDate.ParseLegacy(a, "Dump after");
            return SearchQuery.DeliveredAfter(since);
        }
        return p.Value('Z') is string z ? SearchExpression.Parse(z) : null;
    }

    /// <summary>-F: a message is dumped when it has one of the listed flags (Read = Seen, Unread/Unseen = lacks \Seen).</summary>
    private static MessageFilter FlagFilter(string list)
    {
        var wanted = new List<Func<MessageRecord, bool>>();
        foreach (string item in OptionValues.List(list))
        {
            string word = item.TrimStart('\\').ToLowerInvariant();
            wanted.Add(word switch
            {
                "seen" or "read" => r => r.Flags.HasFlag(MessageFlags.Seen),
                "unseen" or "unread" => r => !r.Flags.HasFlag(MessageFlags.Seen),
                "answered" => r => r.Flags.HasFlag(MessageFlags.Answered),
                "flagged" => r => r.Flags.HasFlag(MessageFlags.Flagged),
                "deleted" => r => r.Flags.HasFlag(MessageFlags.Deleted),
                "draft" => r => r.Flags.HasFlag(MessageFlags.Draft),
                _ => throw new ImapToolsException($"-F: unknown flag {item} (Seen, Unseen, Answered, Flagged, Deleted, Draft)", ExitCodes.Usage),
            });
        }
        return r => wanted.Any(w => w(r)) ? null : "flags";
    }
}
