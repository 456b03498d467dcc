using ImapTools.Common.Connection;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;
using MailKit.Search;

namespace ImapTools.Common.Copy;

/// <summary>Everything an imapcopy run needs, mapped from its flags by the tool (letters in brackets).</summary>
public sealed record ImapCopyOptions
{
    /// <summary>How the program was invoked, for the "starting" line.</summary>
    public string ProgramName { get; init; } = "imapcopy";
    /// <summary>Source server and credentials (-S).</summary>
    public required ConnectionString Source { get; init; }
    /// <summary>Destination server and credentials (-D).</summary>
    public required ConnectionString Destination { get; init; }
    /// <summary>Timeouts and TLS verification (-t, --insecure).</summary>
    public required ConnectionSettings Connection { get; init; }
    /// <summary>Source mailboxes to copy (-m); empty means all.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];
    /// <summary>Expand -m and -e items to their sub-mailboxes (-R).</summary>
    public bool IncludeChildren { get; init; }
    /// <summary>Exact source names to leave out (-e).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
    /// <summary>Regular expressions of source names to leave out (-g).</summary>
    public IReadOnlyList<string> ExcludePatterns { get; init; } = [];
    /// <summary>True when -g was given at all (it also strips "[Gmail]" from destination names).</summary>
    public bool ExcludePatternsGiven { get; init; }
    /// <summary>Remove copied messages from the source once the destination confirmed them (-C, -r).</summary>
    public bool RemoveFromSource { get; init; }
    /// <summary>Do not carry the \Deleted flag to the destination (-r).</summary>
    public bool ClearDeletedFlag { get; init; }
    /// <summary>Destination root mailbox (-p).</summary>
    public string? Root { get; init; }
    /// <summary>Source archive mailbox: copied messages are also appended there on the source (-A).</summary>
    public string? SourceArchive { get; init; }
    /// <summary>Put every message into this one destination mailbox (-o).</summary>
    public string? DestinationArchive { get; init; }
    /// <summary>Source delimiter/prefix override (-x).</summary>
    public MailboxNamespace? SourceNamespace { get; init; }
    /// <summary>Destination delimiter/prefix override (-y).</summary>
    public MailboxNamespace? DestinationNamespace { get; init; }
    /// <summary>Empty each destination mailbox before copying (-i).</summary>
    public bool InitializeDestination { get; init; }
    /// <summary>Mailbox map file (-M).</summary>
    public string? MapFile { get; init; }
    /// <summary>INTERNALDATE range (-a, -b), searched on the server.</summary>
    public DateRange? Dates { get; init; }
    /// <summary>A SEARCH expression selecting messages (-z EXPR, --search), searched on the server.</summary>
    public SearchQuery? Search { get; init; }
    /// <summary>The text of <see cref="Search"/>, for the log.</summary>
    public string? SearchText { get; init; }
    /// <summary>Skip messages larger than this many decimal megabytes (-X).</summary>
    public double? MaxMegabytes { get; init; }
    /// <summary>Update mode: skip messages whose key is already on the destination (-U).</summary>
    public bool Update { get; init; }
    /// <summary>With -U: remove destination messages the source lacks (-s).</summary>
    public bool PurgeDestination { get; init; }
    /// <summary>First sequence number (-B).</summary>
    public int First { get; init; } = 1;
    /// <summary>Last sequence number (-E).</summary>
    public int? Last { get; init; }
    /// <summary>Copy only messages flagged \Seen (-u).</summary>
    public bool OnlySeen { get; init; }
    /// <summary>Copy only headers (-H).</summary>
    public bool HeaderOnly { get; init; }
    /// <summary>Directory of the copied-keys record (-Z).</summary>
    public string? KeyStoreDirectory { get; init; }
    /// <summary>Log progress every n copied messages (-j).</summary>
    public int? ProgressEvery { get; init; }
    /// <summary>The source is Gmail (-G).</summary>
    public bool GmailSource { get; init; }
    /// <summary>Normalise line endings to CRLF (-c).</summary>
    public bool FixLineEndings { get; init; }
    /// <summary>The -Y value: n-1 folders are copied at once (1 or less: serial).</summary>
    public int Parallel { get; init; } = 1;
    /// <summary>With -U: delete source messages already on the destination (-f).</summary>
    public bool DeleteSourceDuplicates { get; init; }
    /// <summary>Skip a repeated key within one source folder (-l).</summary>
    public bool SkipSourceDuplicates { get; init; }
    /// <summary>Copy [Gmail]/All Mail too (-N).</summary>
    public bool IncludeGmailAllMail { get; init; }
    /// <summary>Mark copied messages \Seen on the destination (-v).</summary>
    public bool MarkSeen { get; init; }
    /// <summary>Skip source messages flagged \Deleted (-P).</summary>
    public bool SkipDeleted { get; init; }
    /// <summary>Wrap lines of 1000 or more characters (-W).</summary>
    public bool WrapLongLines { get; init; }
    /// <summary>Copy at most this many messages per folder (-F).</summary>
    public int? FolderLimit { get; init; }
    /// <summary>Client-side INTERNALDATE filter (-J).</summary>
    public ClientDateFilter? ClientDates { get; init; }
    /// <summary>The raw -J value, for the log line.</summary>
    public string? ClientDatesText { get; init; }
    /// <summary>Pre-create every source name on the destination, longest first (-O).</summary>
    public bool PrecreateLongestFirst { get; init; }
    /// <summary>Write the end-of-run summary as JSON to this file (--json).</summary>
    public string? JsonReport { get; init; }
    /// <summary>Show a live progress bar on a terminal.</summary>
    public bool ProgressBar { get; init; }
    /// <summary>Write live progress as JSON to this file (--status-file), for the web front end.</summary>
    public string? StatusFile { get; init; }
    /// <summary>Web mode (--web-report, or HTTP_CONNECTION set as under the legacy CGI): append the completion report to both INBOXes and notify the administrator.</summary>
    public bool WebReport { get; init; }
    /// <summary>The administrator notification file of web mode (default: imapcopy_notify.admin next to the executable).</summary>
    public string? AdminNotifyFile { get; init; }
    /// <summary>Path of the skip file (imapcopy.skip in the working directory).</summary>
    public string SkipFile { get; init; } = "imapcopy.skip";
}
