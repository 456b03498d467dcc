using ImapTools.Common;
using ImapTools.Common.Accounts;
using ImapTools.Common.Audit;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;

namespace ImapTools.Tools.ImapAudit;

/// <summary>imap_audit: reports the messages of a source account that are missing (or, with --content, different) on a destination.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec imap_audit §2.1), duplicates included: the first F and n decide.</summary>
    public const string Getopts = "dvE:F:S:D:L:m:e:hIx:y:FM:s:nNQu:A:B:gnRa:c:YZ";

    /// <summary>The tool's definition: name, flags and usage.</summary>
    public static readonly ToolDefinition Tool = new("imap_audit", Getopts, Usage,
    [
        new LongOption("content", false, "also compare each message's full content (SHA-256) and flags; exit 1 if anything is missing or different"),
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
    ]);

    private const string Usage = """
usage:
 imap_audit.pl -S sourceHost/sourceUser/sourcePassword
               -D destHost/destUser/destPassword
               -u <users file>  srcuser:srcpwd:dstuser:dstpwd per line (then -S/-D give only the hosts)
               -E <admin:password> source admin (AUTHENTICATE PLAIN for every user)
               -F <admin:password> destination admin
               -m <folder list> audit only these source folders, e.g. "INBOX,Sent"
               -e <folder list> skip these source folders
               -n compare only the number of messages per folder
               -A <DD-MMM-YYYY> only source messages on or after this date
               -B <DD-MMM-YYYY> only source messages before this date
               -g always use Date+Subject+From keys, even when a Message-ID exists
               -R show the key of each missing message
               -x <"delim [prefix]"> source hierarchy delimiter and prefix
               -y <"delim [prefix]"> destination hierarchy delimiter and prefix
               -M <file> mailbox map file
               -Y / -Z CRAM-MD5 login on the source / destination
               -L <logfile>  -d debug  -v verbose  -I log IMAP protocol exchanges
""";

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var options = OptionsFrom(p);
        using var log = ToolLog.Create(new LogSettings("imap_audit", Debug: p.Has('d'), LogFile: p.Value('L'),
            ProtocolTrace: p.Has('I'), FileFormat: LogLineFormat.WithPid));
        foreach (char letter in "sNQ")
            if (p.Has(letter)) log.Warn($"-{letter} has no effect (it was unused in the original imap_audit) and is ignored");
        return await new ImapAuditJob(options, log).RunAsync(ct);
    }

    /// <summary>Maps the parsed flags into the options record (validation errors are usage errors).</summary>
    public static ImapAuditOptions OptionsFrom(ParsedCommandLine p)
    {
        if (p.Has('a') || p.Has('c'))
            throw new ImapToolsException("-a/-c (Kerio master password, X-MASTERAUTH) is not supported; use -E/-F admin:password", ExitCodes.Usage);
        if (p.Has("content") && p.Has('n'))
            throw new ImapToolsException("--content cannot be combined with -n (count mode)", ExitCodes.Usage);
        DateTime? after = p.Value('A') is string a ? ParseDate(a) : null;
        DateTime? before = p.Value('B') is string b ? ParseDate(b) : null;
        return new ImapAuditOptions
        {
            ProgramName = "imap_audit",
            Accounts = AccountPairs.FromCommandLine(p, AdminRule.Always),
            Connection = new ConnectionSettings(ConnectionSettings.DefaultTimeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            Include = OptionValues.List(p.Value('m')),
            Exclude = OptionValues.List(p.Value('e')),
            SourceNamespace = p.Value('x') is string x ? MailboxNamespace.ParseOverride(x) : null,
            DestinationNamespace = p.Value('y') is string y ? MailboxNamespace.ParseOverride(y) : null,
            MapFile = p.Value('M'),
            CountOnly = p.Has('n'),
            Dates = after is null && before is null ? null : new DateRange(after, before),
            AlwaysSynthetic = p.Has('g'),
            ShowKeys = p.Has('R'),
            CompareContent = p.Has("content"),
            Verbose = p.Has('v'),
        };
    }

    /// <summary>-A/-B validation (spec §6.3): <c>/</c> or <c>-</c> separators, day 1-31, a month name, year 1951 to this year.</summary>
    public static DateTime ParseDate(string value)
    {
        string v = value.Replace('/', '-');
        if (ImapDate.TryParseLegacy(v, out var date) && date.Year > 1950 && date.Year <= DateTime.Now.Year) return date;
        throw new ImapToolsException($"{v} is not a valid date in the required DD-MMM-YYYY format.", ExitCodes.Usage);
    }
}
