using ImapTools.Common;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;

namespace ImapTools.Tools.ImapCopy;

/// <summary>imapcopy: copies one user's mailboxes from a source IMAP server to a destination IMAP server.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec imapcopy §2.1); -z takes an optional SEARCH expression (the guide's meaning).</summary>
    public const string Getopts = "dS:D:L:m:hIp:M:rqx:y:e:Rt:Tia:b:X:vPA:UB:E:uHzZ:j:g:CsnWwGF:cK:Y:kfQJ:lo:OVN";

    /// <summary>The tool's definition: name, flags and usage.</summary>
    public static readonly ToolDefinition Tool = new("imapcopy", Getopts, Usage.Text,
    [
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
        ConnectionOptions.Retries,
        ConnectionOptions.RetryWait,
        new LongOption("json", true, "write the end-of-run summary as JSON to FILE"),
        new LongOption("search", true, "copy only messages matching this IMAP SEARCH expression"),
        new LongOption("progress", false, "show a live progress bar on the terminal"),
        new LongOption("status-file", true, "write live progress as JSON to FILE (used by the web front end)"),
        new LongOption("web-report", false, "web mode: put the completion report in both INBOXes and notify the administrator"),
        new LongOption("notify-admin", true, "administrator notification file (default: imapcopy_notify.admin next to the program)"),
    ]) { OptionalValueLetters = "z" };

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        var options = OptionsFrom(p);
        using var log = ToolLog.Create(new LogSettings("imapcopy", Debug: p.Has('d'), Quiet: p.Has('q'), LogFile: p.Value('L'), ProtocolTrace: p.Has('I')));
        foreach (char letter in "KkVn")
            if (p.Has(letter)) log.Warn($"-{letter} has no effect (it was unused in the original imapcopy) and is ignored");
        if (p.Has('w')) log.Warn("-w is accepted but has no effect: this imapcopy has no Exchange reconnect workaround to turn off");
        if (p.Has('Q')) log.Warn("-Q is not needed: messages are read with BODY.PEEK, so their \\Seen flag is never changed");
        if (p.Has('z') && p.OptionalValue('z') is null) log.Warn("-z without a SEARCH expression has no effect (messages without a Message-ID are always copied)");
        return await new ImapCopyJob(options, log).RunAsync(ct);
    }

    /// <summary>Maps the parsed flags into the options record (validation errors are usage errors).</summary>
    public static ImapCopyOptions OptionsFrom(ParsedCommandLine p)
    {
        var source = ConnectionString.Parse(p.Value('S') ?? "", 'S')
            .ResolvePassword("SOURCEPWD", PasswordPrompt.Read, "Enter the source user password: ");
        var destination = ConnectionString.Parse(p.Value('D') ?? "", 'D').InheritFrom(source)
            .ResolvePassword("DESTPWD", PasswordPrompt.Read, "Enter the dest user password: ");
        DateTime? after = p.Value('a') is string a ? ImapDate.ParseLegacy(a, "Sent after") : null;
        DateTime? before = p.Value('b') is string b ? ImapDate.ParseLegacy(b, "Sent before") : null;
        string? searchText = p.Value("search") ?? p.OptionalValue('z');
        string? keyDir = p.Value('Z');
        if (keyDir is not null && !Directory.Exists(keyDir))
            throw new ImapToolsException($"The directory given by -Z {keyDir} does not exist", ExitCodes.File);
        return new ImapCopyOptions
        {
            ProgramName = "imapcopy",
            Source = source,
            Destination = destination,
            Connection = new ConnectionSettings(
                TimeSpan.FromSeconds(OptionValues.Int(p, 't', "timeout in seconds") ?? 300),
                p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()) { Retry = ConnectionOptions.RetryFrom(p) },
            Include = OptionValues.List(p.Value('m')),
            IncludeChildren = p.Has('R'),
            Exclude = OptionValues.List(p.Value('e')),
            ExcludePatterns = p.Value('g') is string g ? g.Split(',') : [],
            ExcludePatternsGiven = p.Has('g'),
            RemoveFromSource = p.Has('C') || p.Has('r'),
            ClearDeletedFlag = p.Has('r'),
            Root = p.Value('p'),
            SourceArchive = p.Value('A'),
            DestinationArchive = p.Value('o'),
            SourceNamespace = p.Value('x') is string x ? MailboxNamespace.ParseOverride(x) : null,
            DestinationNamespace = p.Value('y') is string y ? MailboxNamespace.ParseOverride(y) : null,
            InitializeDestination = p.Has('i'),
            MapFile = p.Value('M'),
            Dates = after is null && before is null ? null : new DateRange(after, before),
            Search = searchText is null ? null : SearchExpression.Parse(searchText),
            SearchText = searchText,
            MaxMegabytes = OptionValues.Double(p, 'X', "size limit in MB"),
            Update = p.Has('U'),
            PurgeDestination = p.Has('s'),
            First = OptionValues.Int(p, 'B', "first message number") ?? 1,
            Last = p.Value('E') is "*" ? null : OptionValues.Int(p, 'E', "last message number"),
            OnlySeen = p.Has('u'),
            HeaderOnly = p.Has('H'),
            KeyStoreDirectory = keyDir,
            ProgressEvery = OptionValues.Int(p, 'j', "progress interval"),
            GmailSource = p.Has('G'),
            FixLineEndings = p.Has('c'),
            Parallel = OptionValues.Int(p, 'Y', "number of processes") ?? 1,
            DeleteSourceDuplicates = p.Has('f'),
            SkipSourceDuplicates = p.Has('l'),
            IncludeGmailAllMail = p.Has('N'),
            MarkSeen = p.Has('v'),
            SkipDeleted = p.Has('P'),
            WrapLongLines = p.Has('W'),
            FolderLimit = OptionValues.Int(p, 'F', "per-folder limit"),
            ClientDates = p.Value('J') is string j ? ClientDateFilter.Parse(j) : null,
            ClientDatesText = p.Value('J'),
            PrecreateLongestFirst = p.Has('O'),
            JsonReport = p.Value("json"),
            ProgressBar = p.Has("progress"),
            StatusFile = p.Value("status-file"),
            WebReport = p.Has("web-report"),
            AdminNotifyFile = p.Value("notify-admin"),
        };
    }
}
