using ImapTools.Common;
using ImapTools.Common.Accounts;
using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Stores;
using ImapTools.Common.Stores.Maildir;

namespace ImapTools.Tools.MaildirToImap;

/// <summary>maildir_to_imap: uploads users' Maildir++ trees into their IMAP accounts.</summary>
public static class Program
{
    /// <summary>The legacy getopts string (spec maildir_to_imap §2); parse errors are reported and ignored, as in the original.</summary>
    public const string Getopts = "H:i:L:n:ht:M:SLdD:Um:IA:F:M:";

    private const string Usage = """
usage: maildir_to_imap -i <users list> -D <imapHost[:port]>
       -i <file> one user per line: <maildir path>,<imap user>,<imap password>
       -D <imapHost[:port]> the IMAP server (host/CRAM-MD5 selects CRAM-MD5)
       -n <number> load this many users in parallel
       -M <maildirFolder:imapMailbox,...> folder map (case-insensitive; INBOX is the Maildir itself)
       -m <folder list> load only these Maildir folders (names without the leading dot)
       -U update mode: skip messages the IMAP mailbox already holds
       -F <n> insert at most n messages per folder
       -A <admin_user:admin_password>
       -L <logfile> (default maildir_to_imap.log)  -d debug  -I log IMAP protocol exchanges (passwords masked)
""";

    /// <summary>The tool's definition.</summary>
    public static readonly ToolDefinition Tool = new("maildir_to_imap", Getopts, Usage,
    [
        new LongOption("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)"),
    ]) { IgnoreParseErrors = true };

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => ToolHost.Run(Tool, args, RunAsync);

    private static async Task<int> RunAsync(ParsedCommandLine p, CancellationToken ct)
    {
        string host = p.Value('D') is { Length: > 0 } d ? d : throw new ImapToolsException("-D <imapHost[:port]> is required", ExitCodes.Usage);
        bool cram = host.Contains("CRAM-MD5", StringComparison.OrdinalIgnoreCase);
        string hostPort = host.Split('/')[0];
        var (hostName, port) = ConnectionString.ParseHostPort(hostPort, 'D');
        string usersPath = p.Value('i') is { Length: > 0 } i ? i : throw new ImapToolsException("-i <users list> is required", ExitCodes.Usage);
        var users = UsersFile.Read(usersPath, new UsersFileFormat("maildir,user,password", UsersFileFormat.Comma, 3, 3), "Can't open user list");
        // -A (and an env:/file: admin password) is resolved once, before any connection.
        var admin = p.Value('A') is string a ? AdminCredentials.Split(a, 'A') : ((string Admin, string Password)?)null;
        var map = FolderMap(p.Value('M'));
        int parallel = Math.Max(1, OptionValues.Int(p, 'n', "number of parallel users") ?? 1);
        int? limit = OptionValues.Int(p, 'F', "maximum messages per folder");

        using var log = ToolLog.Create(new LogSettings("maildir_to_imap", Debug: p.Has('d'), LogFile: p.Value('L') ?? "maildir_to_imap.log", ProtocolTrace: p.Has('I')));
        foreach (char c in "HhtS")
            if (p.Has(c)) log.Warn($"-{c} has no effect and is ignored");
        log.Info("maildir_to_imap starting");

        int failures = 0;
        using var throttle = new SemaphoreSlim(parallel);
        await Task.WhenAll(users.Select(async user =>
        {
            await throttle.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var account = new ConnectionString(hostName, port, user[1], user[2], cram ? LoginMethod.CramMd5 : LoginMethod.Default, null);
                if (admin is { } ad) account = account with { AdminUser = ad.Admin, Password = ad.Password };
                int f = await MigrateAsync(p, log, user[0], account, map, limit, ct).ConfigureAwait(false);
                Interlocked.Add(ref failures, f);
                if (parallel > 1) log.Info($"   {user[1]} is done");
            }
            finally { throttle.Release(); }
        })).ConfigureAwait(false);
        return failures > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private static async Task<int> MigrateAsync(ParsedCommandLine p, ToolLog log, string maildir, ConnectionString account,
        Dictionary<string, string> map, int? limit, CancellationToken ct)
    {
        log.Info($"migrate {account.User}");
        if (!Directory.Exists(maildir))
        {
            log.Error($"{account.User}: the Maildir {maildir} does not exist");
            return 1;
        }
        var maildirStore = new MaildirStore(maildir, log.Error);
        var store = new RenamedStore(maildirStore, folder => Mapped(folder, map, log));
        var inner = p.Value('m') is string m
            ? OptionValues.List(m).Select(n => MailboxNameComparer.IsInbox(n) ? "INBOX" : MaildirStore.FolderName("." + n)).ToList()
            : maildirStore.ListFolders().ToList();
        var folders = inner.Select(store.Rename).ToList();
        log.Info($"Connecting to {account.Host}:{account.Port}");
        var observer = new LegacyLinesObserver(log,
            (from, to, n) => $"     {ModifiedUtf7.Encode(to)} ({n} msgs) {maildirStore.FolderPath(inner[folders.IndexOf(from)])}",
            (_, to, r) => $"     Inserted {r.Copied} messages into {ModifiedUtf7.Encode(to)}\n");
        try
        {
            var summary = await new MailStoreImportJob(new MailStoreImportOptions
            {
                Destination = account,
                Connection = new ConnectionSettings(ConnectionSettings.DefaultTimeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment()),
                Folders = folders,
                Update = p.Has('U'),
                Pipeline = new PipelineOptions { Limit = limit },
            }, store, log, observer).RunAsync(ct).ConfigureAwait(false);
            return observer.Failures + maildirStore.ErrorCount + summary.FailedFolders;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Error($"{account.User} login failed: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    /// <summary>-M <c>maildirFolder:imapMailbox,…</c>: keys are compared case-insensitively with the folder as named on disk (<c>Notes.2002</c>) or as a name (<c>Notes/2002</c>).</summary>
    private static Dictionary<string, string> FolderMap(string? value)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (value is null) return map;
        foreach (string entry in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = entry.IndexOf(':');
            if (colon <= 0 || colon == entry.Length - 1)
                throw new ImapToolsException($"-M entry '{entry}' is not maildirFolder:imapMailbox", ExitCodes.Usage);
            map[entry[..colon].Trim()] = entry[(colon + 1)..].Trim();
        }
        return map;
    }

    private static string Mapped(string folder, Dictionary<string, string> map, ToolLog log)
    {
        string onDisk = MailboxNameComparer.IsInbox(folder) ? "INBOX" : string.Join('.', folder.Split('/').Select(ModifiedUtf7.Encode));
        if (map.TryGetValue(folder, out string? target) || map.TryGetValue(onDisk, out target))
        {
            log.Info($"Messages from the {onDisk} folder will be written to {target} ");
            return ModifiedUtf7.DecodeIfEncoded(target);
        }
        return folder;
    }
}
