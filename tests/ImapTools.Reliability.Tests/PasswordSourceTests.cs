using System.Text;
using ImapTools.TestBed;

namespace ImapTools.Reliability.Tests;

/// <summary>
/// Issue 9 item 5 (passwords out of <c>ps</c>): the real tools log in with <c>env:NAME</c> and <c>file:PATH</c>
/// passwords; the password read never shows in the console, the -L log or the -I trace; a missing variable or
/// file is one line with exit 2 / 5 before any connection.
/// </summary>
[Collection(DovecotCollections.Pair)]
public sealed class PasswordSourceTests(DovecotPairFixture fx) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("imaptools-pwsrc-").FullName;

    // The test bed accepts any user with this password; it is only ever given through env:/file: here.
    private const string Password = DovecotServer.Password;

    public static TheoryData<string> Tools => new() { "imapcopy", "imapsync", "imap_to_maildir", "pop3toimap", "imapPing" };

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task A_tool_logs_in_with_env_and_file_passwords_and_never_shows_them(string tool)
    {
        string user = await SeededAccounts.CreateAsync(fx, "pwsrc-" + tool);
        string work = Directory.CreateDirectory(Path.Combine(_dir, user)).FullName;
        string pwFile = Path.Combine(work, "pw");
        File.WriteAllText(pwFile, Password + "\r\n");
        string var = "IMAPTOOLS_PW_" + tool.ToUpperInvariant();
        var env = new Dictionary<string, string?> { [var] = Password };
        string log = Path.Combine(work, tool + ".log");
        string src = $"{fx.Source.Host}:{fx.Source.ImapPort}";
        string dst = $"{fx.Destination.Host}:{fx.Destination.ImapPort}";
        string[] args = tool switch
        {
            "imapcopy" => ["-S", $"{src}/{user}/env:{var}", "-D", $"{dst}/{user}/file:{pwFile}", "-I", "-L", log],
            "imapsync" => ["-S", $"{src}/{user}/file:{pwFile}", "-D", $"{dst}/{user}/env:{var}", "-I", "-L", log],
            "imap_to_maildir" => ["-S", $"{src}/{user}/env:{var}", "-M", Path.Combine(work, "Maildir"), "-I", "-L", log],
            "pop3toimap" => ["-p", $"{fx.Source.Host}:{fx.Source.Pop3Port}/{user}/env:{var}", "-i", $"{dst}/{user}/file:{pwFile}", "-I", "-L", log],
            "imapPing" => ["-h", src, "-u", user, "-p", $"file:{pwFile}", "-I"],
            _ => throw new ArgumentOutOfRangeException(nameof(tool)),
        };
        var r = await ToolRunner.RunAsync(tool, args, env, workingDirectory: work, timeout: TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, $"{tool}: {r}");

        switch (tool)
        {
            case "imap_to_maildir":
                Assert.Equal(SeededAccounts.Seed.Length, SeededAccounts.MaildirCount(Path.Combine(work, "Maildir")));
                break;
            case "imapPing":
                Assert.Contains("LOGIN", r.StdOut + r.StdErr, StringComparison.OrdinalIgnoreCase);   // the -I trace
                break;
            default:
                Assert.Equal(SeededAccounts.Seed.Length, await SeededAccounts.InboxCountAsync(fx.Destination, user));
                break;
        }

        var texts = new Dictionary<string, string> { ["console"] = r.StdOut + "\n" + r.StdErr };
        foreach (string f in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).Where(f => f != pwFile))
            texts[f] = Encoding.Latin1.GetString(File.ReadAllBytes(f));
        string b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Password));
        foreach (var (where, text) in texts)
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(b64, text, StringComparison.Ordinal);
        }
        if (args.Contains("-L"))
        {
            Assert.True(File.Exists(log), $"no -L log: {r}");
            Assert.Contains("XXXXX", File.ReadAllText(log), StringComparison.Ordinal);   // the traced LOGIN, masked
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log) & (UnixFileMode)0b111_111_111);
        }
    }

    public static TheoryData<string, string, int> MissingSources => new()
    {
        { "imapcopy", "env", 2 }, { "imapcopy", "file", 5 },
        { "imapsync", "env", 2 }, { "imapsync", "file", 5 },
        { "imap_to_maildir", "env", 2 }, { "imap_to_maildir", "file", 5 },
        { "pop3toimap", "env", 2 }, { "pop3toimap", "file", 5 },
        { "imapPing", "env", 2 }, { "imapPing", "file", 5 },
        { "list_imap_folders", "adminenv", 2 }, { "imapdump", "adminfile", 5 },
        { "migrateIMAP", "adminenv", 2 }, { "imapfilter", "adminfile", 5 },
    };

    [Theory]
    [MemberData(nameof(MissingSources))]
    public async Task A_missing_variable_or_file_is_one_line_before_any_connection(string tool, string kind, int exit)
    {
        // Every server in the argv is a proxy that counts connections: there must be none.
        await using var proxy = new StartTlsRefusingProxy(fx.Source.ImapPort, StartTlsProxyMode.Observe);
        string work = Directory.CreateDirectory(Path.Combine(_dir, "missing-" + tool + kind)).FullName;
        const string Var = "IMAPTOOLS_PW_NEVER_SET_7Q";
        string file = Path.Combine(work, "no-such-dir", "pw");
        string source = kind.EndsWith("env", StringComparison.Ordinal) ? "env:" + Var : "file:" + file;
        string host = $"127.0.0.1:{proxy.Port}";
        string user = "pwsrc-missing";
        string conn = $"{host}/{user}/{source}";
        string admin = "master:" + source;
        string[] args = tool switch
        {
            "imapcopy" => ["-S", $"{host}/{user}/x", "-D", conn],
            "imapsync" => ["-S", conn, "-D", $"{host}/{user}/x"],
            "imap_to_maildir" => ["-S", conn, "-M", Path.Combine(work, "Maildir")],
            "pop3toimap" => ["-p", conn, "-i", $"{host}/{user}/x"],
            "imapPing" => ["-h", host, "-u", user, "-p", source],
            "list_imap_folders" => ["-S", $"{host}/{user}/x", "-A", admin],
            "imapdump" => ["-S", $"{host}/{user}/x", "-A", admin, "-f", Path.Combine(work, "dump")],
            "migrateIMAP" => ["-S", host, "-D", host, "-i", WriteFile(work, "users", $"{user}:x:{user}:x\n"), "-e", admin],
            "imapfilter" => ["-S", $"{host}/{user}/x", "-E", admin, "-r", WriteFile(work, "rules", "Subject\tx\tINBOX\tFiltered\n")],
            _ => throw new ArgumentOutOfRangeException(nameof(tool)),
        };
        var r = await ToolRunner.RunAsync(tool, args, new Dictionary<string, string?> { [Var] = null }, workingDirectory: work, timeout: TimeSpan.FromMinutes(2));

        Assert.True(r.ExitCode == exit, $"expected exit {exit}: {r}");
        string named = kind.EndsWith("env", StringComparison.Ordinal) ? Var : file;
        string line = Assert.Single((r.StdOut + "\n" + r.StdErr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.Contains(named, StringComparison.Ordinal));
        Assert.Contains(kind.EndsWith("env", StringComparison.Ordinal) ? "is not set" : "No such file or directory", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StdOut + r.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, proxy.Connections);
    }

    private static string WriteFile(string dir, string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
