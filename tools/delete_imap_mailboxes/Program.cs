using ImapTools.Common;
using ImapTools.Common.Cleanup;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;

namespace ImapTools.Tools.DeleteImapMailboxes;

/// <summary>delete_imap_mailboxes: deletes the mailboxes whose names match a regular expression.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec §2; <c>t</c> is declared twice, the first declaration makes it a switch).</summary>
    public const string Getopts = "dS:D:L:m:hIp:M:rqtx:y:e:Rt:TsA:P";

    /// <summary>The usage text.</summary>
    public const string Usage = """
usage: delete_imap_mailboxes -S imapHost/user/password [/CRAM-MD5]
     -m <mailbox regular expression> (required; matched against names without the namespace prefix)
     -t test mode, show what would have been deleted
     -P leave INBOX alone (otherwise a matching INBOX is emptied, never deleted)
     -A <admin_user:admin_password>
     -x <delimiter [prefix]> mailbox hierarchy delimiter and prefix
     -q quiet: nothing on stdout (the log file still gets everything)
     -d debug
     -I show IMAP protocol exchanges
     -L logfile
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("delete_imap_mailboxes", Getopts, Usage,
        [new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)")]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        if (p.Value('m') is not { Length: > 0 })
        {
            Console.Out.Write(Usage);
            Console.Error.WriteLine("delete_imap_mailboxes: -m <mailbox regular expression> is required (without it every mailbox would match)");
            return ExitCodes.Usage;
        }
        var options = OptionsFrom(p);
        using var log = ToolLog.Create(new LogSettings("delete_imap_mailboxes", Debug: p.Has('d'), Quiet: p.Has('q'),
            LogFile: p.Value('L'), ProtocolTrace: p.Has('I'), FileFormat: LogLineFormat.Plain));
        return await new MailboxDeletionJob(options, log).RunAsync(ct);
    }

    /// <summary>Maps the flags to the job's options.</summary>
    public static MailboxDeletionOptions OptionsFrom(ParsedCommandLine p)
    {
        var target = ConnectionString.Parse(p.Value('S') ?? "", 'S');
        return new MailboxDeletionOptions
        {
            Target = AdminCredentials.Apply(target, p.Value('A'), 'A'),
            Connection = new ConnectionSettings(ConnectionSettings.DefaultTimeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            Pattern = p.Value('m')!,
            Test = p.Has('t'),
            KeepInbox = p.Has('P'),
            Namespace = p.Value('x') is string x ? MailboxNamespace.ParseOverride(x) : null,
        };
    }
}
