using ImapTools.Common;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Rules;

namespace ImapTools.Tools.ImapFilter;

/// <summary>imapfilter: moves or copies messages between mailboxes following a tab-separated rules file.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec imapfilter §2).</summary>
    public const string Getopts = "dIS:D:L:r:tfc:u:E:X:T:";

    /// <summary>The tool's definition: name, flags and usage.</summary>
    public static readonly ToolDefinition Tool = new("imapfilter", Getopts, Usage.Text,
    [
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
        new LongOption("no-move", false, "use UID COPY + UID EXPUNGE even when the server offers MOVE"),
        new LongOption("timeout", true, "seconds before a silent server is given up (default 300)"),
    ]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        if (p.Value('r') is not { Length: > 0 })
        {
            Console.Out.Write(Usage.Text);
            Console.Out.Flush();
            return ExitCodes.Usage;
        }
        var options = OptionsFrom(p);
        using var log = ToolLog.Create(new LogSettings("imapfilter", Debug: p.Has('d'), LogFile: p.Value('L'), ProtocolTrace: p.Has('I'),
            FileFormat: LogLineFormat.WithPid));
        if (p.Has('D')) log.Warn("-D has no effect (it was unused in the original imapfilter) and is ignored");
        return await new ImapFilterJob(options, log).RunAsync(ct);
    }

    /// <summary>Maps the parsed flags into the options record (validation errors are usage errors).</summary>
    public static ImapFilterOptions OptionsFrom(ParsedCommandLine p)
    {
        ConnectionString? server = null;
        if (p.Value('S') is { Length: > 0 } s)
        {
            server = ConnectionString.Parse(s, 'S');
            if (s.Split('/')[0].Contains("CRAM-MD5", StringComparison.OrdinalIgnoreCase))
                server = server with { Method = LoginMethod.CramMd5 };
        }
        string? adminUser = null, adminPassword = null;
        if (p.Value('E') is string e)
        {
            int colon = e.IndexOf(':');
            if (colon <= 0) throw new ImapToolsException("-E needs admin_user:admin_pwd", ExitCodes.Usage);
            adminUser = e[..colon];
            adminPassword = PasswordSource.Resolve(e[(colon + 1)..], 'E');
        }
        int batch = p.Value('c') is { Length: > 0 } ? OptionValues.Int(p, 'c', "batch size")!.Value : 0;
        if (batch < 0) throw new ImapToolsException($"Invalid value for -c (batch size): '{p.Value('c')}'", ExitCodes.Usage);
        int timeout = 300;
        if (p.Value("timeout") is string t && (!int.TryParse(t, out timeout) || timeout <= 0))
            throw new ImapToolsException($"Invalid value for --timeout: '{t}'", ExitCodes.Usage);
        return new ImapFilterOptions
        {
            ProgramName = "imapfilter",
            Server = server,
            RulesFile = p.Value('r')!,
            UsersFile = p.Value('u') is { Length: > 0 } u ? u : null,
            AdminUser = adminUser,
            AdminPassword = adminPassword,
            Connection = new ConnectionSettings(TimeSpan.FromSeconds(timeout), p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            BatchSize = batch == 0 ? 500 : batch,
            TestMode = p.Has('t'),
            FirstMatchWins = p.Has('f'),
            AvoidMove = p.Has("no-move"),
            TrashMailbox = p.Value('X') is { Length: > 0 } x ? x : null,
            GlobalFilter = p.Value('T') is { Length: > 0 } g ? g : null,
        };
    }
}
