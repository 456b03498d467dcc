using ImapTools.Common;
using ImapTools.Common.Accounts;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Reporting;

namespace ImapTools.Tools.Pop3ToImap;

/// <summary>pop3toimap: copies POP3 mailboxes into IMAP accounts.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec pop3toimap §2.1); its return value was ignored.</summary>
    public const string Getopts = "Ip:L:i:u:n:drhR:t:m:A:";

    /// <summary>The default log file (current directory).</summary>
    public const string DefaultLogFile = "pop3toimap.log";

    /// <summary>The usage text.</summary>
    public const string Usage =
        "usage: pop3toimap -p POP3host[:port] -i IMAPhost[:port][/CRAM-MD5] -u <list of users>\n" +
        "       pop3toimap -p POP3host[:port]/user/password -i IMAPhost[:port]/user/password[/CRAM-MD5]\n" +
        "   <list of users> has lines: popUser popPassword imapUser imapPassword\n" +
        "   -m <mailbox>   IMAP mailbox to put the messages in (default INBOX), hierarchy written with /\n" +
        "   -r             remove each message from the POP3 server once the IMAP server has it\n" +
        "   -R <l-u>       only POP message numbers l to u\n" +
        "   -A <admin:pwd> log in to IMAP as each user with the administrator's credentials\n" +
        "   -n <address>   mail the summary to this address when done\n" +
        "   -t <seconds>   timeout (default 300)\n" +
        "   -L <logfile>   log file (default pop3toimap.log)\n" +
        "   -d             debug\n" +
        "   -I             protocol trace (passwords masked)\n";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("pop3toimap", Getopts, Usage,
    [
        ConnectionOptions.Insecure,
        new LongOption("smtp", true, "send the -n report through this SMTP server instead of the local sendmail", "HOST[:PORT]"),
        new LongOption("smtp-from", true, "envelope sender of the -n report (default pop3toimap@localhost)", "ADDRESS"),
    ]) { IgnoreParseErrors = true };

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var start = DateTime.Now;
        var options = OptionsFrom(p);
        using var log = ToolLog.Create(new LogSettings("pop3toimap", Debug: p.Has('d'), LogFile: p.Value('L') ?? DefaultLogFile,
            ProtocolTrace: p.Has('I'), FileFormat: LogLineFormat.WithPid));
        log.Info("pop3toimap 1.3 starting");
        if (p.Has('u')) log.Info($"There are {options.Accounts.Count} users to be migrated");
        var result = await new Pop3ImportJob(options, log).RunAsync(ct);
        if (p.Value('n') is string address && address.Length > 0)
        {
            var mailer = new ReportMailer(p.Value("smtp"), p.Value("smtp-from") ?? "pop3toimap@localhost", options.Connection);
            try
            {
                await mailer.SendAsync(MigrationSummary.Notification(address, result.Summary, start, DateTime.Now), address, ct);
            }
            catch (ImapToolsException e)
            {
                Console.Out.Write(e.Message + "\n");
                return ExitCodes.Failure;
            }
        }
        return result.FailedUsers > 0 ? ExitCodes.Authentication : result.FailedMessages > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    /// <summary>Maps the flags into the job's options.</summary>
    public static Pop3ImportOptions OptionsFrom(ParsedCommandLine p)
    {
        string? popValue = p.Value('p'), imapValue = p.Value('i');
        if (string.IsNullOrEmpty(popValue) || string.IsNullOrEmpty(imapValue))
            throw new ImapToolsException("pop3toimap needs -p POP3host and -i IMAPhost (see pop3toimap -h)", ExitCodes.Usage);
        var admin = p.Value('A') is string a ? LegacyHostForms.SplitAdmin(a, 'A') : ((string User, string Password)?)null;
        var popServer = Pop3Connector.Parse(popValue, 'p');
        var (imapHostValue, cram) = LegacyHostForms.StripCramMd5(imapValue);
        var imapServer = ConnectionString.Parse(imapHostValue, 'i');
        if (cram || imapServer.Method == LoginMethod.CramMd5) imapServer = imapServer with { Method = LoginMethod.CramMd5 };
        imapServer = imapServer with { AdminUser = null };

        var accounts = new List<Pop3Account>();
        if (p.Value('u') is string usersFile)
        {
            if (!File.Exists(usersFile))
                throw new ImapToolsException($"{usersFile} does not exist", ExitCodes.File);
            var format = new UsersFileFormat("popUser popPassword imapUser imapPassword", UsersFileFormat.Whitespace, admin is null ? 4 : 3, 4);
            foreach (var e in UsersFile.Read(usersFile, format))
                accounts.Add(new Pop3Account(popServer with { User = e[0], Password = e[1] }, ImapFor(imapServer, e[2], e[3], admin)));
        }
        else
        {
            if (popServer.User.Length == 0 || imapServer.User.Length == 0)
                throw new ImapToolsException("Without -u, give -p host/user/password and -i host/user/password", ExitCodes.Usage);
            accounts.Add(new Pop3Account(popServer, ImapFor(imapServer, imapServer.User, imapServer.Password, admin)));
        }

        (int, int)? range = null;
        if (p.Value('R') is string r)
        {
            var parts = r.Split('-');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int lower) || !int.TryParse(parts[1], out int upper) || lower < 1 || upper < lower)
                throw new ImapToolsException($"Invalid value for -R (range of POP message numbers lower-upper): '{r}'", ExitCodes.Usage);
            range = (lower, upper);
        }
        int timeout = OptionValues.Int(p, 't', "timeout in seconds") ?? (int)ConnectionSettings.DefaultTimeout.TotalSeconds;
        if (timeout <= 0) throw new ImapToolsException($"Invalid value for -t (timeout in seconds): '{timeout}'", ExitCodes.Usage);
        return new Pop3ImportOptions
        {
            Accounts = accounts,
            Connection = new ConnectionSettings(TimeSpan.FromSeconds(timeout), p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            Mailbox = string.IsNullOrEmpty(p.Value('m')) ? "INBOX" : p.Value('m')!,
            DeleteFromPop = p.Has('r'),
            Range = range,
        };
    }

    private static ConnectionString ImapFor(ConnectionString server, string user, string password, (string User, string Password)? admin) =>
        admin is { } a
            ? server with { User = user, Password = a.Password, AdminUser = a.User, Method = LoginMethod.Default }
            : server with { User = user, Password = password };
}
