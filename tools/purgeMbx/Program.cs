using ImapTools.Common;
using ImapTools.Common.Cleanup;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;

namespace ImapTools.Tools.PurgeMbx;

/// <summary>purgeMbx: deletes every message in a mailbox (or in every mailbox with -m '*').</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec purgeMbx §2).</summary>
    public const string Getopts = "dIs:L:m:hA:";

    /// <summary>The usage text.</summary>
    public const string Usage = """
usage:
 purgeMbx -s host/user/pwd -m <mbx>
 Optional arguments:
    -m * purges every mailbox (the mailboxes themselves are kept)
    -d debug (also shows the IMAP protocol exchanges)
    -I show the IMAP protocol exchanges (passwords are masked)
    -L <logfile>
    -A <admin_user:admin_password>
To use CRAM-MD5 for logins add /CRAM-MD5 like this:  -s server/user/password/CRAM-MD5
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("purgeMbx", Getopts, Usage,
        [new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)")]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        if (p.Value('m') is not { Length: > 0 })
        {
            Console.Out.Write(Usage);
            Console.Error.WriteLine("purgeMbx: -m <mailbox> is required");
            return ExitCodes.Usage;
        }
        var options = OptionsFrom(p);
        using var log = ToolLog.Create(new LogSettings("purgeMbx", Debug: p.Has('d'), LogFile: p.Value('L'),
            ProtocolTrace: p.Has('I') || p.Has('d'), FileFormat: LogLineFormat.WithPid));
        return await new PurgeJob(options, log).RunAsync(ct);
    }

    /// <summary>Maps the flags to the job's options.</summary>
    public static PurgeOptions OptionsFrom(ParsedCommandLine p) => new()
    {
        Target = AdminCredentials.Apply(ConnectionString.Parse(p.Value('s') ?? "", 's'), p.Value('A'), 'A'),
        Connection = new ConnectionSettings(ConnectionSettings.DefaultTimeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
        Mailbox = p.Value('m')!,
    };
}
