using System.Diagnostics;
using ImapTools.Common;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Reporting;
using ImapTools.Common.Stores.Mbox;

namespace ImapTools.Tools.ImapToMbox;

/// <summary>IMAPtoMbox: exports each mailbox of one IMAP account to an mbox file in a directory.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec IMAPtoMbox §2).</summary>
    public const string Getopts = "di:L:m:hM:Io:nrF:A:";

    private const string Usage = """
Usage: IMAPtoMbox -i Host/User/Password -m <dir> [-M] [-d] [-I] [-o <user>]
       -i host[:port]/user/password[/CRAM-MD5]  the IMAP account
       -m <dir>           directory the mbox files are written to (one file per mailbox, appended)
       -M <mbx1,mbx2>     only these mailboxes
       -r                 with -M: also their sub-mailboxes
       -n                 update mode: skip messages the mbox file already holds
       -F <n>             at most n messages per mailbox
       -o <user>          chown the written files to this user
       -A admin:password  log in as an administrator on behalf of the user
       -L <logfile>       log file
       -d                 debug
       -I                 log IMAP protocol exchanges (passwords are masked)
       --insecure         accept any server certificate
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("IMAPtoMbox", Getopts, Usage,
        [new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)")]);

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        string dir = p.Value('m') ?? throw new ImapToolsException(
            "You must specify the file directory where messages will be written using the -m argument.", ExitCodes.Usage);
        var source = AdminCredentials.Apply(ConnectionString.Parse(p.Value('i') ?? "", 'i'), p.Value('A'));
        using var log = ToolLog.Create(new LogSettings("IMAPtoMbox", Debug: p.Has('d'), LogFile: p.Value('L'), ProtocolTrace: p.Has('I'),
            FileFormat: LogLineFormat.WithPid, ConsoleToStderr: true));
        log.Info("");
        log.Info("IMAPtoMbox starting");
        log.Info($"arguments i = {source}   m = {dir}");
        log.Info($"Mailfiles will be written to {dir}");
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Error creating {dir}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }

        var store = new MboxStore(dir);
        var observer = new Observer(log, source);
        var options = new MailStoreExportOptions
        {
            Source = source,
            Connection = new ConnectionSettings(TimeSpan.FromSeconds(300), p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
            Mailboxes = OptionValues.List(p.Value('M')),
            IncludeSubfolders = p.Has('r'),
            Update = p.Has('n'),
            Pipeline = new PipelineOptions { Limit = OptionValues.Int(p, 'F', "messages per mailbox") },
        };
        var summary = await new MailStoreExportJob(options, store, log, observer).RunAsync(ct);
        observer.Connected();

        if (p.Value('o') is string owner)
            foreach (var f in summary.Folders.Where(f => f.Error is null && f.Copied > 0))
                Chown(owner, store.PathOf(f.Destination), log);

        log.Info("");
        log.Info("Summary of results");
        foreach (var f in summary.Folders.OrderBy(f => f.Destination, StringComparer.Ordinal))
            log.Info(PerlFormat.PackA(f.Destination, 50) + PerlFormat.PackA(f.Copied.ToString(System.Globalization.CultureInfo.InvariantCulture), 10));
        return summary.Failed > 0 || summary.FailedFolders > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private static void Chown(string owner, string file, ToolLog log)
    {
        var psi = new ProcessStartInfo("chown") { RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(owner);
        psi.ArgumentList.Add(file);
        try
        {
            using var process = Process.Start(psi)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) log.Warn($"chown {owner} {file} failed: {error.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Warn($"chown {owner} {file} failed: {e.Message}");
        }
    }

    private sealed class Observer(ToolLog log, ConnectionString source) : IStoreTransferObserver
    {
        private bool _connected;

        public void Connected()
        {
            if (_connected) return;
            _connected = true;
            log.Info($"Connected to {source.Host} on port {source.Port}");
        }

        public void FolderStarting(string from, string to, int messages)
        {
            Connected();
            log.Info($"   {to}");
        }

        public void FolderDone(string from, string to, FolderResult result) { }

        public void FolderFailed(string from, string reason)
        {
            Connected();
            log.Error($"Error exporting {from}: {reason}");
        }

        public void Copied(IMessageSource source, MessageRecord record, int copiedSoFar, int total) { }

        public void Failed(IMessageSource source, MessageRecord record, string reason) =>
            log.Error($"Error writing message {record.Index} of {source.Name}: {reason}");

        public void TooLarge(IMessageSource source, MessageRecord record) { }
    }
}
