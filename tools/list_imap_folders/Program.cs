using System.Text;
using ImapTools.Common;
using ImapTools.Common.Accounts;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Reporting;

namespace ImapTools.Tools.ListImapFolders;

/// <summary>list_imap_folders: lists the mailboxes of one user or a users file, with counts and sizes (-s) and a large-message report (-U).</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec list_imap_folders §2).</summary>
    public const string Getopts = "dS:L:O:uhHsU:IA:l:d";

    /// <summary>The fixed log file the original always appended to (Q7).</summary>
    public const string DefaultLogFile = "list_imap_folders.log";

    /// <summary>The large-message report, written in the current directory.</summary>
    public const string LargeReportFile = "large_msg_report.list";

    /// <summary>The usage text (stderr).</summary>
    public const string Usage =
        "Usage: list_imap_folders.pl -S <host>/<user>/<password> [-O <output file>]\n" +
        "  [-A <admin_user:admin_password>]\n" +
        "  [-s]  Include count of messages and bytes for each mailbox\n" +
        "  [-U <size in bytes>] Write large_msg_report.list with each msg exceeding threshold\n" +
        "To login via CRAM-MD5 specify host as host/user/password/CRAM-MD5\n";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("list_imap_folders", Getopts, Usage,
        [ConnectionOptions.Insecure, ConnectionOptions.Timeout]) { UsageToStderr = true };

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        string? s = p.Value('S');
        var server = string.IsNullOrEmpty(s) ? null : ConnectionString.Parse(s, 'S');
        if (p.Has('H') || server is null || (server.User.Length == 0 && p.Value('l') is null))
        {
            Console.Error.Write(Usage);
            return p.Has('H') ? ExitCodes.Success : ExitCodes.Usage;
        }
        long threshold = p.Value('U') is null ? 0 : OptionValues.Int(p, 'U', "size in bytes") ?? 0;
        var job = new FolderListJob(server, ConnectionOptions.From(p))
        {
            UsersFile = server.User.Length == 0 ? p.Value('l') : null,
            Admin = p.Value('A') is string a ? LegacyHostForms.SplitAdmin(a, 'A') : null,
            Statistics = p.Has('s'),
            OutputFile = p.Value('O'),
            LargeThreshold = threshold,
        };
        using var log = ToolLog.Create(new LogSettings("list_imap_folders", Debug: p.Has('d'), LogFile: p.Value('L') ?? DefaultLogFile,
            ProtocolTrace: p.Has('I'), ConsoleToStderr: true));
        return await job.RunAsync(log, Console.Out, ct);
    }
}

/// <summary>One run of list_imap_folders.</summary>
internal sealed class FolderListJob(ConnectionString server, ConnectionSettings settings)
{
    public string? UsersFile { get; init; }
    public (string User, string Password)? Admin { get; init; }
    public bool Statistics { get; init; }
    public string? OutputFile { get; init; }
    public long LargeThreshold { get; init; }

    private static readonly UTF8Encoding Utf8 = new(false);

    public async Task<int> RunAsync(ToolLog log, TextWriter stdout, CancellationToken ct)
    {
        var users = UsersFile is null
            ? [new UsersFileEntry(0, [server.User, server.Password])]
            : ImapTools.Common.Accounts.UsersFile.Read(UsersFile, UsersFileFormat.UserPassword(passwordOptional: true), "Error opening");
        using var output = OutputFile is null ? null : OpenWriter(OutputFile, "Can't open output file");
        StreamWriter? large = null;
        if (LargeThreshold > 0)
        {
            log.Info($"Large messages will be written to {Program.LargeReportFile}");
            large = OpenWriter(Program.LargeReportFile, "Error creating ./" + Program.LargeReportFile + ":");
            large.Write(FolderListReport.LargeReportTitle + "\n");
        }
        using var largeReport = large;
        var connector = new ImapConnector(settings, log);
        int failures = 0;
        foreach (var entry in users)
        {
            string user = entry[0];
            void Both(string line)
            {
                stdout.Write(line + "\n");
                output?.Write(line + "\n");
            }
            Both(FolderListReport.Separator);
            Both(user);
            large?.Write(FolderListReport.Separator + "\n" + user + "\n");

            var target = TargetFor(entry);
            ImapAccount account;
            try
            {
                account = await ImapAccount.OpenAsync(connector, target, "IMAP", null, log, ct);
            }
            catch (ImapToolsException e) when (e.ExitCode == ExitCodes.Authentication && !(Admin is not null && entry.Fields.Count < 2))
            {
                log.Debug(e.Message);
                Both($"Login failed for {user}");
                failures++;
                continue;
            }
            await using (account)
            {
                await ListAsync(account, Both, stdout, output, large, log, ct);
            }
            output?.Flush();
            stdout.Flush();
        }
        if (large is not null)
            log.Info($"\nLarge message report has been written to {Program.LargeReportFile}");
        return failures == 0 ? ExitCodes.Success : ExitCodes.Authentication;
    }

    private ConnectionString TargetFor(UsersFileEntry entry)
    {
        if (UsersFile is null) return server;
        string user = entry[0];
        if (entry.Fields.Count > 1)   // user:password in the file: AUTHENTICATE PLAIN as itself
            return server with { User = user, Password = entry[1], AdminUser = user, Method = LoginMethod.Default };
        if (Admin is { } admin)
            return server with { User = user, Password = admin.Password, AdminUser = admin.User, Method = LoginMethod.Default };
        return server with { User = user };
    }

    private async Task ListAsync(ImapAccount account, Action<string> both, TextWriter stdout, TextWriter? output, TextWriter? large, ToolLog log, CancellationToken ct)
    {
        var client = account.Client;
        var folders = (await FolderListing.ListAllAsync(client, ct))
            .Where(f => !FolderListing.IsNoSelect(f))
            .Select(f => (Folder: f, Raw: FolderListing.RawName(f)))
            .Where(f => !f.Raw.Contains("[Gmail]/All Mail", StringComparison.Ordinal))
            .OrderBy(f => f.Raw, StringComparer.Ordinal)
            .ToList();
        string prefix = account.Namespace.Prefix;
        char delimiter = account.Namespace.Delimiter;
        both(FolderListReport.DelimiterLine(delimiter));
        both(FolderListReport.PrefixLine(prefix));
        stdout.Write("\n");

        var sizes = new List<long>();
        int messages = 0;
        var largeOnes = new List<(long Size, string Mailbox, string Subject)>();
        foreach (var (folder, raw) in folders)
        {
            string display = FolderListReport.DisplayName(raw, prefix, delimiter);
            string line = display;
            if (Statistics)
            {
                var size = await MailboxSizes.MeasureAsync(client, folder, ct);
                sizes.Add(size.Bytes);
                messages += size.Messages;
                line = FolderListReport.FolderLine(display, size.Messages, size.Bytes);
            }
            if (LargeThreshold > 0)
                foreach (var m in await MailboxSizes.LargerThanAsync(folder, LargeThreshold, ct))
                    largeOnes.Add((m.Size, folder.FullName, m.Subject));
            (output ?? stdout).Write(line + "\n");
        }
        if (Statistics)
        {
            both("");
            foreach (var total in FolderListReport.TotalLines(sizes, messages))
                both(total);
            if (OutputFile is not null)
                stdout.Write($"Wrote list of mailboxes to {OutputFile}\n");
        }
        both(FolderListReport.Separator);
        if (large is not null)
        {
            log.Debug($"Writing the list of large messages to {Program.LargeReportFile}");
            log.Debug($"There are {largeOnes.Count} lines in the list of large messages");
            foreach (var m in largeOnes.OrderByDescending(m => m.Size))
                large.Write(FolderListReport.LargeMessageLine(m.Mailbox, m.Size, m.Subject) + "\n");
            large.Flush();
        }
    }

    private static StreamWriter OpenWriter(string path, string errorText)
    {
        try
        {
            return new StreamWriter(path, append: false, Utf8) { NewLine = "\n" };
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"{errorText} {path}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
    }
}
