using System.Text;
using ImapTools.Common;
using ImapTools.Common.Accounts;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Reporting;
using MailKit.Net.Imap;

namespace ImapTools.Tools.ListAccountSizes;

/// <summary>list_account_sizes: the size of each account of a users file (or one account), largest first, with totals.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec list_account_sizes §2).</summary>
    public const string Getopts = "dS:L:O:u:hHsU:T:A:IBN";

    /// <summary>The fixed report file of the original (overwritten each run unless -B); -O chooses another.</summary>
    public const string ReportFile = "list_account_sizes.report";

    /// <summary>The usage text (stderr), brackets and the advertised -t as in the original.</summary>
    public const string Usage =
        "Usage: list_account_sizes -S <host>/<user>/<password> [-O <output file>]\n" +
        "  [-u <file of users>\n" +
        "  [-A <admin_user:admin_password>\n" +
        "  [-I] log IMAP commands and responses\n" +
        "  [-t <seconds>] time out a session (default is 45 seconds)\n" +
        "  [-B brief summary]\n" +
        "  [-N] don't use QUOTA command\n";

    /// <summary>The question asked when the server has no QUOTA (last line without a line feed, 3 trailing spaces).</summary>
    public const string NoQuotaPrompt =
        "The server does not support the QUOTA extension\n\n" +
        "The size of each user's account will have to be determined the\n" +
        "hard way (by examining each message individually).  That will take\n" +
        "a LOT longer.\n\n" +
        "Do you want to continue?  [Y or N]   ";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("list_account_sizes", Getopts, Usage,
        [ConnectionOptions.Insecure, ConnectionOptions.Timeout]) { UsageToStderr = true };

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        string? s = p.Value('S');
        var server = string.IsNullOrEmpty(s) ? null : ConnectionString.Parse(s, 'S');
        bool single = server is not null && server.User.Length > 0 && server.Password.Length > 0;
        string? usersFile = p.Value('u');
        if (p.Has('H') || server is null || (!single && (usersFile is null || !File.Exists(usersFile))))
        {
            if (server is not null && !single && usersFile is not null && !File.Exists(usersFile))
                throw new ImapToolsException($"Fatal error opening user_list {usersFile}: No such file or directory", ExitCodes.File);
            Console.Error.Write(Usage);
            return p.Has('H') ? ExitCodes.Success : ExitCodes.Usage;
        }
        var admin = p.Value('A') is string a ? LegacyHostForms.SplitAdmin(a, 'A') : ((string, string)?)null;
        IReadOnlyList<ConnectionString> targets;
        if (single)
        {
            targets = [server!];
        }
        else
        {
            var entries = UsersFile.Read(usersFile!, UsersFileFormat.UserPassword(passwordOptional: admin is not null), "Fatal error opening user_list");
            targets = entries.Select(e => admin is { } ad
                ? server! with { User = e[0], Password = ad.Item2, AdminUser = ad.Item1 }
                : server! with { User = e[0], Password = e[1] }).ToList();
        }
        using var log = ToolLog.Create(new LogSettings("list_account_sizes", ProtocolTrace: p.Has('I'), ConsoleToStderr: true));
        var job = new AccountSizeJob(ConnectionOptions.From(p), log) { UseQuota = !p.Has('N') };
        var (rows, users, failures) = await job.RunAsync(targets, Console.Out, Console.In, ct);
        if (rows is null) return ExitCodes.Success;   // answered N to the prompt

        if (p.Has('B'))
        {
            if (rows.Count > 0) Console.Error.Write($"{rows[^1].Size} MB\n");
        }
        else
        {
            string reportFile = p.Value('O') ?? ReportFile;
            try
            {
                File.WriteAllText(reportFile, string.Concat(AccountSizeReport.FileLines(rows, users).Select(l => l + "\n")), new UTF8Encoding(false));
            }
            catch (Exception e) when (FileErrors.IsFileError(e))
            {
                throw new ImapToolsException($"Can't open {reportFile}: {FileErrors.Describe(e)}", ExitCodes.File, e);
            }
            Console.Out.Write(string.Concat(AccountSizeReport.ConsoleLines(rows, users, reportFile).Select(l => l + "\n")));
        }
        return failures == 0 ? ExitCodes.Success : ExitCodes.Authentication;
    }
}

/// <summary>Measures each account: QUOTA usage when offered (and not -N), else the sum of its mailboxes.</summary>
internal sealed class AccountSizeJob(ConnectionSettings settings, ToolLog log)
{
    public bool UseQuota { get; init; } = true;

    public async Task<(List<AccountSizeRow>? Rows, int Users, int Failures)> RunAsync(IReadOnlyList<ConnectionString> targets, TextWriter stdout, TextReader stdin, CancellationToken ct)
    {
        var connector = new ImapConnector(settings, log);
        var rows = new List<AccountSizeRow>();
        int users = 0, failures = 0;
        bool checkedCapabilities = false;
        foreach (var target in targets)
        {
            users++;
            ImapClient client;
            try
            {
                client = await connector.ConnectAsync(target, "IMAP", ct);
            }
            catch (ImapToolsException e) when (e.ExitCode is ExitCodes.Authentication or ExitCodes.Connect)
            {
                log.Error(e.ExitCode == ExitCodes.Authentication
                    ? $"unexpected LOGIN response: {ImapConnector.LoginFailureText(e)} ({target.User})"
                    : e.Message);
                failures++;
                continue;
            }
            using (client)
            {
                if (!checkedCapabilities)
                {
                    checkedCapabilities = true;
                    if (UseQuota && !client.Capabilities.HasFlag(ImapCapabilities.Quota))
                    {
                        stdout.Write(Program.NoQuotaPrompt);
                        stdout.Flush();
                        string? answer = stdin.ReadLine();
                        if (answer is null || !(answer.StartsWith('Y') || answer.StartsWith('y')))
                            return (null, users, failures);
                    }
                }
                string? size = null;
                if (UseQuota && await MailboxSizes.QuotaUsedKilobytesAsync(client, ct) is ulong used)
                    size = AccountSizeReport.QuotaSize(used);
                if (size is null)
                {
                    var bytes = new List<long>();
                    foreach (var folder in await FolderListing.ListAllAsync(client, ct))
                    {
                        if (FolderListing.IsNoSelect(folder)) continue;
                        bytes.Add((await MailboxSizes.MeasureAsync(client, folder, ct)).Bytes);
                    }
                    size = AccountSizeReport.SummedSize(bytes);
                }
                rows.Add(new AccountSizeRow(target.User, size));
                try { await client.DisconnectAsync(true, ct); }
                catch (Exception e) when (e is IOException or ImapProtocolException or ImapCommandException) { log.Warn($"Unexpected LOGOUT response: {e.Message}"); }
            }
        }
        return (rows, users, failures);
    }
}
