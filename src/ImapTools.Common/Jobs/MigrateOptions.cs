using ImapTools.Common.Connection;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;

namespace ImapTools.Common.Jobs;

/// <summary>Everything a migrateIMAP run needs, mapped from its flags by the tool (letters in brackets).</summary>
public sealed record MigrateOptions
{
    /// <summary>How the program was invoked, for the "starting" line.</summary>
    public string ProgramName { get; init; } = "migrateIMAP";
    /// <summary>Source host and login rules (-S, -e, -P, -G).</summary>
    public required MigrationLogin Source { get; init; }
    /// <summary>Destination host and login rules (-D, -f, -Q, -J).</summary>
    public required MigrationLogin Destination { get; init; }
    /// <summary>Timeouts and TLS verification (-t, --insecure).</summary>
    public required ConnectionSettings Connection { get; init; }
    /// <summary>The users file (-i).</summary>
    public required string UsersFile { get; init; }
    /// <summary>Users migrated at once (-n, default 2), in-process on every OS.</summary>
    public int Parallel { get; init; } = 2;
    /// <summary>Copy only messages without \Seen (-u; wins over -o).</summary>
    public bool OnlyUnseen { get; init; }
    /// <summary>Copy only messages with \Seen (-o).</summary>
    public bool OnlySeen { get; init; }
    /// <summary>Mailbox map file (-M), read again for every user.</summary>
    public string? MapFile { get; init; }
    /// <summary>Destination root mailbox (-p).</summary>
    public string? Root { get; init; }
    /// <summary>Source mailboxes to migrate (-m, trimmed); empty means all.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];
    /// <summary>Exact source names to leave out (-E).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
    /// <summary>Regular expressions of source names to leave out (-R; applied with or without -E).</summary>
    public IReadOnlyList<string> ExcludePatterns { get; init; } = [];
    /// <summary>Source delimiter/prefix override (-x).</summary>
    public MailboxNamespace? SourceNamespace { get; init; }
    /// <summary>Destination delimiter/prefix override (-y).</summary>
    public MailboxNamespace? DestinationNamespace { get; init; }
    /// <summary>INTERNALDATE range (-a, -b), searched on the server.</summary>
    public DateRange? Dates { get; init; }
    /// <summary>Update mode: skip messages already on the destination (-U).</summary>
    public bool Update { get; init; }
    /// <summary>With -U: remove destination messages the source folder lacks (-X).</summary>
    public bool PurgeDestination { get; init; }
    /// <summary>Remove messages from the source once the destination confirmed them, and with -U those already there (-Y).</summary>
    public bool RemoveFromSource { get; init; }
    /// <summary>With -U: compare messages by the MD5 of their full content instead of the Message-ID (-H).</summary>
    public bool ContentKeys { get; init; }
    /// <summary>Skip messages larger than this many decimal megabytes (-s).</summary>
    public double? MaxMegabytes { get; init; }
    /// <summary>Wrap lines of 1000 or more characters (-W).</summary>
    public bool WrapLongLines { get; init; }
    /// <summary>First sequence number of the source listing (-r a:b).</summary>
    public int First { get; init; } = 1;
    /// <summary>Last sequence number of the source listing (-r a:b), null for <c>*</c>.</summary>
    public int? Last { get; init; }
    /// <summary>Copy at most this many messages per folder (-F).</summary>
    public int? FolderLimit { get; init; }
    /// <summary>Diagnostic: copy only messages of exactly this size (-Z).</summary>
    public long? ExactSize { get; init; }
    /// <summary>Per-user state directory (--state), or null.</summary>
    public string? StateDirectory { get; init; }
    /// <summary>Where the previous log file was renamed to before this run (logged after the start lines), or null.</summary>
    public string? RenamedLogFile { get; init; }
    /// <summary>This machine's share of the users file (--shard).</summary>
    public MigrationShard Shard { get; init; } = MigrationShard.All;

    /// <summary>Parses the -r value: <c>a:b</c>, <c>a:*</c> or <c>n</c> (1-based sequence numbers).</summary>
    /// <exception cref="ImapToolsException">Any other form (<see cref="ExitCodes.Usage"/>).</exception>
    public static (int First, int? Last) ParseRange(string value)
    {
        string[] parts = value.Split(':');
        static int? Number(string s) => s == "*" ? null
            : int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1 ? n : -1;
        if (parts.Length is 1 or 2)
        {
            int? first = Number(parts[0]);
            int? last = parts.Length == 2 ? Number(parts[1]) : first;
            if (first is not -1 and not null && last is not -1)
                return (first.Value, last);
        }
        throw new ImapToolsException($"-r {value}: expected a message range like 1:1000 or 500:*", ExitCodes.Usage);
    }
}
