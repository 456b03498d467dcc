using System.Globalization;
using ImapTools.Common;
using ImapTools.Common.Cleanup;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Dedupe;
using ImapTools.Common.Logging;

namespace ImapTools.Tools.DelImapDups;

/// <summary>delIMAPdups: finds, reports, deletes or moves duplicate messages within each mailbox.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec delIMAPdups §2; <c>F:</c> is listed twice).</summary>
    public const string Getopts = "dS:L:Im:hpuM:HF:i:RA:F:r:";

    /// <summary>The usage text.</summary>
    public const string Usage = """
usage:
 delIMAPdups -S host/user/password [/CRAM-MD5]
 Optional arguments:
          -p purge duplicate messages (default: only report them)
          -M <mailbox to put duplicates into>
          -d debug
          -I show IMAP protocol exchanges (passwords are masked)
          -L logfile
          -m mailbox list (eg "Inbox, Drafts, Notes". Default is all mailboxes)
          -R recursive (used with -m argument)
          -u include the date in the key field to determine uniqueness
          -H use an MD5 hash of the message body to determine uniqueness
          -F <field> Use <field> to determine duplicate messages
          -i <users file> (user password, or user:password, per line)
          -A <admin_user:admin_pwd>
          -r <range>  Range of messages to examine, eg 1:1000
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("delIMAPdups", Getopts, Usage,
    [
        new LongOption("checksum", false, "key = MD5 of From, To, Subject, Date and Cc (IMAPdedup's checksum)"),
        new LongOption("dry-run", false, "report what -p or -M would do and change nothing"),
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
    ]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var options = OptionsFrom(p);
        using var log = ToolLog.Create(new LogSettings("delIMAPdups", Debug: p.Has('d'), LogFile: p.Value('L'),
            ProtocolTrace: p.Has('I'), FileFormat: LogLineFormat.WithPid));
        return await new DuplicateJob(options, log).RunAsync(ct);
    }

    /// <summary>Maps the flags to the job's options.</summary>
    public static DuplicateOptions OptionsFrom(ParsedCommandLine p)
    {
        var server = ConnectionString.Parse(p.Value('S') ?? "", 'S');
        string? usersFile = p.Value('i');
        string? admin = p.Value('A');
        var (first, last) = Range(p.Value('r'));
        string field = p.Value('F') is { Length: > 0 } f ? f : "Message-ID";
        var kind = p.Has('H') ? DuplicateKeyKind.BodyMd5
            : p.Has("checksum") ? DuplicateKeyKind.Checksum
            : p.Has('u') ? DuplicateKeyKind.HeaderAndInternalDate
            : DuplicateKeyKind.Header;
        return new DuplicateOptions
        {
            Accounts = CleanupAccounts.Targets(server, usersFile, CleanupAccounts.UserSpaceOrColonPassword(admin is not null), admin, 'A'),
            FromUsersFile = usersFile is not null,
            Connection = new ConnectionSettings(ConnectionSettings.DefaultTimeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            Mailboxes = p.Value('m')?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
            Recursive = p.Has('R'),
            Purge = p.Has('p'),
            MoveTo = p.Value('M') is { Length: > 0 } m ? m : null,
            DryRun = p.Has("dry-run"),
            Key = new DuplicateKeySpec(kind, field),
            First = first,
            Last = last,
        };
    }

    /// <summary>Parses -r: <c>n</c>, <c>n:m</c> or <c>n:*</c> (sequence numbers).</summary>
    private static (int First, int? Last) Range(string? value)
    {
        if (value is null) return (1, null);
        string[] parts = value.Split(':');
        static bool Number(string s, out int n) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out n) && n > 0;
        if (parts.Length == 1 && Number(parts[0], out int single)) return (single, single);
        if (parts.Length == 2 && Number(parts[0], out int a))
        {
            if (parts[1] == "*") return (a, null);
            if (Number(parts[1], out int b) && b >= a) return (a, b);
        }
        throw new ImapToolsException($"Invalid value for -r (range): '{value}', expected e.g. 1:1000 or 1:*", ExitCodes.Usage);
    }
}
