using ImapTools.Common.Cleanup;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;

namespace ImapTools.Tools.Trash;

/// <summary>trash: moves the messages flagged \Deleted into a trash mailbox, optionally emptying it.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec trash §2).</summary>
    public const string Getopts = "dvS:L:m:ht:ei:a:I";

    /// <summary>The usage text.</summary>
    public const string Usage = """
usage:
 trash -S sourceHost/sourceUser/sourcePassword [/CRAM-MD5]
 Optional arguments:
    -d debug
    -v verbose
    -I log IMAP commands and responses (passwords are masked)
    -t <trash mailbox name> (default Trash)
    -e empty trash mailbox (expunge the \Deleted messages in it, which include the ones just moved)
    -L <logfile>
    -m <mailbox list> (eg "Inbox, Drafts, Notes". Default is all mailboxes)
    -i <users file> (user password per line)
    -a <admin_user:admin_password>
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("trash", Getopts, Usage,
        [new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)")]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var options = OptionsFrom(p);
        using var log = ToolLog.Create(new LogSettings("trash", Debug: p.Has('d'), LogFile: p.Value('L'),
            ProtocolTrace: p.Has('I'), FileFormat: LogLineFormat.WithPid));
        return await new TrashJob(options, log).RunAsync(ct);
    }

    /// <summary>Maps the flags to the job's options.</summary>
    public static TrashOptions OptionsFrom(ParsedCommandLine p)
    {
        var server = ConnectionString.Parse(p.Value('S') ?? "", 'S');
        string? usersFile = p.Value('i');
        string? admin = p.Value('a');
        return new TrashOptions
        {
            Accounts = CleanupAccounts.Targets(server, usersFile, CleanupAccounts.UserSpacePassword(admin is not null), admin, 'a', adminAtLastColon: true),
            FromUsersFile = usersFile is not null,
            Connection = new ConnectionSettings(ConnectionSettings.DefaultTimeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            TrashMailbox = p.Value('t') is { Length: > 0 } t ? t : "Trash",
            EmptyTrash = p.Has('e'),
            Mailboxes = p.Value('m')?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
            Verbose = p.Has('v'),
        };
    }
}
