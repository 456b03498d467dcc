using ImapTools.Common;
using ImapTools.Common.Accounts;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;
using ImapTools.Common.Sync;

namespace ImapTools.Tools.ImapSync;

/// <summary>imapsync: one-way synchronisation of one or many accounts from a source to a destination IMAP server.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec imapsync §2.1).</summary>
    public const string Getopts = "dvS:D:L:m:e:hIx:y:M:s:nNqu:E:F:f:i:RWtA:YZ";

    /// <summary>The tool's definition: name, flags and usage.</summary>
    public static readonly ToolDefinition Tool = new("imapsync", Getopts, Usage,
    [
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
        ConnectionOptions.Timeout,
        ConnectionOptions.Retries,
        ConnectionOptions.RetryWait,
        new LongOption("delete-folders", false, "also delete destination mailboxes that no source mailbox maps to (not with -n or -m)"),
    ]);

    private const string Usage = """
usage:
 imapsync -S sourceHost/sourceUser/sourcePassword
          -D destHost/destUser/destPassword
          -u <users file>  srcuser:srcpwd:dstuser:dstpwd per line (then -S/-D give only the hosts)
          -E <admin:password> source admin (used when the source password is empty)
          -F <admin:password> destination admin (used when the destination password is empty)
          -s <DD-MMM-YYYY or number of days> sync only messages sent since then
          -m <mailbox list> sync only these mailboxes, e.g. "Inbox,Drafts"
          -e <mailbox list> do not sync these mailboxes
          -x <"delim [prefix]"> source hierarchy delimiter and prefix
          -y <"delim [prefix]"> destination hierarchy delimiter and prefix
          -M <file> mailbox map file (src: dst)
          -n do not delete messages from the destination which are not on the source
          -t test mode: report what would be done, change nothing
          -f <n> add at most n messages per mailbox
          -i <file> Message-IDs to ignore
          -A <srcmbx:archivembx,...> move messages added to the destination to this source archive mailbox
          -R clean up whitespace in mailbox names
          -W wrap lines of 1000 characters or more
          -Y / -Z CRAM-MD5 login on the source / destination
          -L <logfile>
          -d debug  -v verbose  -q quiet  -I log IMAP protocol exchanges
""";

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var options = OptionsFrom(p);
        // -q suppresses only the protocol trace and "Inserting" lines on the console (spec §2.2).
        using var log = ToolLog.Create(new LogSettings("imapsync", Debug: p.Has('d'), LogFile: p.Value('L'),
            ProtocolTrace: p.Has('I') && !p.Has('q'), FileFormat: LogLineFormat.WithPid));
        if (p.Has('N')) log.Warn("-N is deprecated and has no effect");
        return await new ImapSyncJob(options, log).RunAsync(ct);
    }

    /// <summary>Maps the parsed flags into the options record (validation errors are usage errors).</summary>
    public static ImapSyncOptions OptionsFrom(ParsedCommandLine p)
    {
        var (since, sinceText) = ParseSince(p.Value('s'));
        return new ImapSyncOptions
        {
            ProgramName = "imapsync",
            Accounts = AccountPairs.FromCommandLine(p, AdminRule.WhenPasswordEmpty),
            Connection = ConnectionOptions.From(p) with { Retry = ConnectionOptions.RetryFrom(p) },
            Include = SplitNames(p.Value('m'), p.Has('R')),
            Exclude = SplitNames(p.Value('e'), p.Has('R')),
            SourceNamespace = p.Value('x') is string x ? MailboxNamespace.ParseOverride(x) : null,
            DestinationNamespace = p.Value('y') is string y ? MailboxNamespace.ParseOverride(y) : null,
            MapFile = p.Value('M'),
            NoDelete = p.Has('n'),
            TestMode = p.Has('t'),
            Since = since,
            SinceText = sinceText,
            MaxAddsPerFolder = OptionValues.Int(p, 'f', "most messages added per mailbox") is int f && f >= 0 ? f
                : p.Has('f') ? throw new ImapToolsException($"Invalid value for -f: '{p.Value('f')}'", ExitCodes.Usage) : null,
            IgnoredKeys = p.Value('i') is string i ? ImapSyncOptions.ReadIgnoreFile(i) : new HashSet<string>(),
            CollapseWhitespace = p.Has('R'),
            WrapLongLines = p.Has('W'),
            Archives = p.Value('A') is string a ? ImapSyncOptions.ParseArchives(a) : [],
            DeleteFolders = p.Has("delete-folders"),
            Verbose = p.Has('v'),
        };
    }

    private static IReadOnlyList<string> SplitNames(string? value, bool collapse)
    {
        if (string.IsNullOrEmpty(value)) return [];
        // Items are trimmed (Q5: "Inbox, Drafts" meant Drafts).
        return value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => collapse ? SyncNameTranslator.CollapseWhitespace(n) : n).ToList();
    }

    /// <summary>-s: a number of days back, or a DD-MMM-YYYY date (validated, unlike the original).</summary>
    public static (DateTime? Since, string? Text) ParseSince(string? value)
    {
        if (value is null) return (null, null);
        string v = value.Trim();
        if (!v.Contains('-'))
        {
            if (!int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int days))
                throw new ImapToolsException($"Invalid -s value '{value}': expected DD-MMM-YYYY or a number of days", ExitCodes.Usage);
            return (DateTime.Now.AddDays(-days).Date, value);
        }
        if (!ImapDate.TryParseLegacy(v, out var date))
            throw new ImapToolsException($"Invalid -s value '{value}': expected DD-MMM-YYYY or a number of days", ExitCodes.Usage);
        return (date, value);
    }
}
