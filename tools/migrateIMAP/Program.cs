using ImapTools.Common;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;

namespace ImapTools.Tools.MigrateImap;

/// <summary>migrateIMAP: migrates every account of a users file from one IMAP server to another, n users at a time.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec migrateIMAP §2.1) plus T: -T is accepted (keywords are always copied, Q2).</summary>
    public const string Getopts = "S:D:L:i:b:t:n:M:m:hIdux:y:a:b:UHr:e:f:E:R:XYp:wF:os:GJPQA:C:WZ:j:g:T";

    /// <summary>The tool's definition: name, flags and usage.</summary>
    public static readonly ToolDefinition Tool = new("migrateIMAP", Getopts, Usage.Text,
    [
        new LongOption("state", true, "keep one record per user in DIR: a re-run skips finished users and retries the others", "DIR"),
        new LongOption("shard", true, "migrate only share I of N (1 <= I <= N) of the users file, by a hash of the source user", "I/N"),
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
        ConnectionOptions.Retries,
        ConnectionOptions.RetryWait,
    ]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var options = OptionsFrom(p);
        string logFile = p.Value('L') ?? "migrateIMAP.log";
        string? renamed = LogFileRotation.Rotate(logFile);
        using var log = ToolLog.Create(new LogSettings("migrateIMAP", Debug: p.Has('d'), LogFile: logFile, ProtocolTrace: p.Has('I'),
            FileFormat: LogLineFormat.WithPidColon, ConsoleToStderr: true));
        if (p.Has('w')) log.Warn("-w has no effect (it had none in the original either) and is ignored");
        if (p.Has('T')) log.Warn("-T is not needed: keywords are always copied when the destination mailbox can store them");
        if (p.Has('X') && !p.Has('U')) log.Warn("-X has no effect without -U");
        if (p.Has('H') && !p.Has('U')) log.Warn("-H has no effect without -U");
        return await new MigrateJob(options with { RenamedLogFile = renamed }, log).RunAsync(ct);
    }

    /// <summary>Maps the parsed flags into the options record (validation errors are usage errors).</summary>
    public static MigrateOptions OptionsFrom(ParsedCommandLine p)
    {
        if (p.Value('S') is not { Length: > 0 } s || p.Value('D') is not { Length: > 0 } d)
            throw new ImapToolsException("-S sourceHost and -D destinationHost are required (-h for help)", ExitCodes.Usage);
        if (p.Value('i') is not { Length: > 0 } users)
            throw new ImapToolsException("-i <users file> is required (-h for help)", ExitCodes.Usage);
        foreach (var (letter, what) in new[] { ('A', "Kerio master authentication (-A)"), ('C', "Kerio master authentication (-C)"),
                     ('j', "GroupWise trusted application login (-j)"), ('g', "GroupWise trusted application login (-g)") })
            if (p.Has(letter))
                throw new ImapToolsException($"{what} is not supported; use -e/-f administrator logins instead", ExitCodes.Usage);
        DateTime? after = p.Value('a') is string a ? ImapDate.ParseLegacy(a, "Sent after") : null;
        DateTime? before = p.Value('b') is string b ? ImapDate.ParseLegacy(b, "Sent before") : null;
        var (first, last) = p.Value('r') is string r ? MigrateOptions.ParseRange(r) : (1, (int?)null);
        int parallel = OptionValues.Int(p, 'n', "number of users at once") ?? 2;
        if (parallel < 1) throw new ImapToolsException("-n must be 1 or more", ExitCodes.Usage);
        return new MigrateOptions
        {
            ProgramName = "migrateIMAP",
            Source = MigrationLogin.Parse(s, 'S', p.Value('e'), p.Has('P'), p.Has('G')),
            Destination = MigrationLogin.Parse(d, 'D', p.Value('f'), p.Has('Q'), p.Has('J')),
            Connection = new ConnectionSettings(
                TimeSpan.FromSeconds(OptionValues.Int(p, 't', "timeout in seconds") ?? 300),
                p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()) { Retry = ConnectionOptions.RetryFrom(p) },
            UsersFile = users,
            Parallel = parallel,
            OnlyUnseen = p.Has('u'),
            OnlySeen = p.Has('o') && !p.Has('u'),
            MapFile = p.Value('M'),
            Root = p.Value('p'),
            Include = p.Value('m') is string m ? m.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [],
            Exclude = p.Value('E') is string e ? e.Split(',') : [],
            ExcludePatterns = p.Value('R') is string re ? re.Split(',') : [],
            SourceNamespace = p.Value('x') is string x ? MailboxNamespace.ParseOverride(x) : null,
            DestinationNamespace = p.Value('y') is string y ? MailboxNamespace.ParseOverride(y) : null,
            Dates = after is null && before is null ? null : new DateRange(after, before),
            Update = p.Has('U'),
            PurgeDestination = p.Has('X'),
            RemoveFromSource = p.Has('Y'),
            ContentKeys = p.Has('H'),
            MaxMegabytes = OptionValues.Double(p, 's', "size limit in MB"),
            WrapLongLines = p.Has('W'),
            First = first,
            Last = last,
            FolderLimit = OptionValues.Int(p, 'F', "per-folder limit"),
            ExactSize = OptionValues.Int(p, 'Z', "message size"),
            StateDirectory = p.Value("state"),
            Shard = p.Value("shard") is string shard ? MigrationShard.Parse(shard) : MigrationShard.All,
        };
    }
}
