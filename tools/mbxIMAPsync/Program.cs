using ImapTools.Common;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Stores.Mbox;

namespace ImapTools.Tools.MbxImapSync;

/// <summary>mbxIMAPsync: makes one IMAP mailbox hold exactly the messages of one mbox file (adds the missing, removes the extra).</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec mbxIMAPsync §2).</summary>
    public const string Getopts = "f:m:i:L:dxA:F:I";

    private const string Usage = """
Usage: mbxIMAPsync -f <mbox file> -i host[:port]/user/password -m <mailbox>
       -f <file>          the mbox file
       -i host[:port]/user/password  the IMAP account
       -m <mailbox>       the IMAP mailbox (full server name, e.g. INBOX or INBOX.Sent)
       -A admin:password  log in as an administrator on behalf of the user
       -L <logfile>       log file
       -d                 debug
       -I                 log IMAP protocol exchanges (passwords are masked)
       --insecure         accept any server certificate
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("mbxIMAPsync", Getopts, Usage,
        [new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)")]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        string file = p.Value('f') ?? throw new ImapToolsException("You must specify the mbox file with -f", ExitCodes.Usage);
        string mailbox = p.Value('m') is { Length: > 0 } m ? ModifiedUtf7.DecodeIfEncoded(m)
            : throw new ImapToolsException("You must specify the IMAP mailbox with -m", ExitCodes.Usage);
        var destination = AdminCredentials.Apply(ConnectionString.Parse(p.Value('i') ?? "", 'i'), p.Value('A'));
        using var log = ToolLog.Create(new LogSettings("mbxIMAPsync", Debug: p.Has('d'), LogFile: p.Value('L'), ProtocolTrace: p.Has('I'),
            ConsoleToStderr: true));
        log.Info("");
        log.Info("This is mbxIMAPsync");
        log.Info("");
        foreach (char letter in "xF")
            if (p.Has(letter)) log.Warn($"-{letter} has no effect (it was unused in the original mbxIMAPsync) and is ignored");
        if (!File.Exists(file)) throw new ImapToolsException($"{file} does not exist", ExitCodes.File);
        try { using var probe = File.OpenRead(file); }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Can't open {file}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }

        Console.Out.WriteLine($"Processing {file}");
        var source = new MboxFolderSource(file, Path.GetFileName(file), MboxDialect.StatusHeaders);
        var observer = new Observer(log, mailbox);
        FolderSyncResult result;
        try
        {
            result = await new FolderSyncJob(new FolderSyncOptions
            {
                Destination = destination,
                Connection = new ConnectionSettings(TimeSpan.FromSeconds(300), p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
                Mailbox = mailbox,
            }, source, log, observer).RunAsync(ct);
        }
        catch (FormatException e)
        {
            throw new ImapToolsException($"{file} is {e.Message}; nothing was changed", ExitCodes.File, e);
        }

        string encoded = ModifiedUtf7.Encode(mailbox);
        log.Info("Done");
        log.Info($"Added  {result.Added} messages to IMAP mailbox {encoded}");
        log.Info($"Purged {result.Purged} messages from IMAP mailbox {encoded}");
        Console.Out.WriteLine();
        Console.Out.WriteLine($"Added  {result.Added} messages to IMAP mailbox {encoded}");
        Console.Out.WriteLine($"Purged {result.Purged} messages from IMAP mailbox {encoded}");
        return result.FailedAdds > 0 || result.NotExpunged > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private sealed class Observer(ToolLog log, string mailbox) : IFolderSyncObserver
    {
        public void Adding(int missing) => Console.Out.WriteLine("Checking for messages to add");

        public void Purging(IReadOnlyList<string> keys)
        {
            Console.Out.WriteLine("Checking for messages to purge");
            foreach (string key in keys)
            {
                log.Info($"   Marked {key} for deletion");
                Console.Out.WriteLine($"   Marked msgid {key} for deletion");
            }
        }

        public void Copied(IMessageSource source, MessageRecord record, int copiedSoFar, int total) =>
            log.Debug($"   Added {record.Key}");

        public void Failed(IMessageSource source, MessageRecord record, string reason) =>
            log.Error($"unexpected APPEND response: message {record.Index} to {ModifiedUtf7.Encode(mailbox)}: {reason}");

        public void TooLarge(IMessageSource source, MessageRecord record) { }
    }
}
