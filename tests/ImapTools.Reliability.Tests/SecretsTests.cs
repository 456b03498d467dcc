using System.Text;
using ImapTools.TestBed;

namespace ImapTools.Reliability.Tests;

/// <summary>
/// Issue 9 item 5: a real, successful run of each tool with -I (protocol trace), -L (log file) and its state/dump
/// files never shows a password, an AUTHENTICATE payload or an OAuth2 token anywhere, and the log, state and dump
/// files it creates are readable by the owner only.
/// Normal test-bed users only log in with "secret"; tools that take an administrator log in as the master user
/// ("master"/"masterpw", a distinctive password) with the user's own password set to "unused".
/// </summary>
[Collection(DovecotCollections.Pair)]
public sealed class SecretsTests(DovecotPairFixture fx) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("imaptools-pw-").FullName;

    private const string Admin = DovecotServer.MasterUser + ":" + DovecotServer.MasterPassword;

    public static TheoryData<string> Tools => new()
    {
        "imapcopy", "migrateIMAP", "imapsync", "imap_audit", "imapdump", "MboxtoIMAP", "imapfilter", "delIMAPdups",
        "list_imap_folders", "imapCapability", "imapPing", "trash", "IMAPtoMbox", "imap_to_maildir", "purgeMbx",
    };

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task A_traced_and_logged_run_shows_no_secret(string tool)
    {
        string user = TestUsers.Unique("sec-" + tool);
        using (var client = await fx.Source.ConnectAsync(user))
            await CorpusBuilder.LoadAsync(client, CorpusSpec.Small);
        using (var client = await fx.Destination.ConnectAsync(user)) await client.DisconnectAsync(true);

        string work = Path.Combine(_dir, "work");
        Directory.CreateDirectory(work);
        string log = Path.Combine(work, tool + ".log");
        string src = $"{fx.Source.Host}:{fx.Source.ImapPort}";
        string dst = $"{fx.Destination.Host}:{fx.Destination.ImapPort}";
        string Conn(string host) => $"{host}/{user}/{DovecotServer.Password}";
        string AdminConn(string host) => $"{host}/{user}/unused";
        string File(string name, string text)
        {
            string path = Path.Combine(_dir, name);
            System.IO.File.WriteAllText(path, text);
            return path;
        }
        string Dir(string name) => Directory.CreateDirectory(Path.Combine(work, name)).FullName;

        string[] args = tool switch
        {
            "imapcopy" => ["-S", Conn(src), "-D", Conn(dst), "-I", "-L", log, "-U", "-Z", Dir("keys")],
            "migrateIMAP" => ["-S", src, "-D", dst, "-i", File("users", $"{user}::{user}:\n"), "-e", Admin, "-f", Admin, "-I", "-L", log, "--state", Path.Combine(work, "state")],
            "imapsync" => ["-S", $"{src}/{user}/", "-D", $"{dst}/{user}/", "-E", Admin, "-F", Admin, "-I", "-L", log],
            "imap_audit" => ["-S", $"{src}/{user}/", "-D", $"{dst}/{user}/", "-E", Admin, "-F", Admin, "-I", "-L", log],
            "imapdump" => ["-S", AdminConn(src), "-A", Admin, "-f", Dir("dump"), "-I", "-L", log, "-u"],
            "MboxtoIMAP" => ["-i", AdminConn(dst), "-A", Admin, "-f", File("box.mbox", Mbox), "-n", "Imported", "-I", "-L", log],
            "imapfilter" => ["-S", AdminConn(src), "-E", Admin, "-r", File("rules", "Subject\tmessage\tINBOX\tFiltered\n"), "-I", "-L", log],
            "delIMAPdups" => ["-S", AdminConn(src), "-A", Admin, "-I", "-L", log],
            "list_imap_folders" => ["-S", Conn(src), "-I", "-L", log, "-O", Path.Combine(work, "folders.txt")],
            "imapCapability" => ["-h", src, "-u", user, "-A", Admin, "-I"],
            "imapPing" => ["-h", src, "-u", user, "-p", DovecotServer.Password, "-I"],
            "trash" => ["-S", AdminConn(src), "-a", Admin, "-m", "Sent", "-I", "-L", log],
            "IMAPtoMbox" => ["-i", AdminConn(src), "-A", Admin, "-m", Dir("mbox"), "-I", "-L", log],
            "imap_to_maildir" => ["-S", AdminConn(src), "-A", Admin, "-M", Path.Combine(work, "Maildir"), "-I", "-L", log],
            "purgeMbx" => ["-s", AdminConn(dst), "-A", Admin, "-m", "INBOX", "-I", "-L", log],
            _ => throw new ArgumentOutOfRangeException(nameof(tool)),
        };
        var r = await ToolRunner.RunAsync(tool, args, null, workingDirectory: work, timeout: TimeSpan.FromMinutes(4));
        Assert.True(r.ExitCode == 0, $"{tool} failed: {r}");

        // "secret" itself is only looked for when it was given: the test corpus may contain the word.
        bool plain = args.Any(a => a.Contains(DovecotServer.Password, StringComparison.Ordinal));
        AssertNoSecret(user, plain, "console", r.StdOut + "\n" + r.StdErr);
        var files = Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).ToList();
        foreach (string f in files)
        {
            AssertNoSecret(user, plain, f, Encoding.Latin1.GetString(System.IO.File.ReadAllBytes(f)));
            if (OperatingSystem.IsWindows()) continue;
            var mode = System.IO.File.GetUnixFileMode(f);
            bool isLogStateOrDump = f == log || f.Contains("/state", StringComparison.Ordinal) || f.Contains("/keys/", StringComparison.Ordinal)
                || f.Contains("/dump/", StringComparison.Ordinal);
            if (isLogStateOrDump)
                Assert.True((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0,
                    $"{f} is readable by group/other: {mode}");
        }
        if (args.Contains("-L")) Assert.Contains(log, files);
    }

    [Theory]
    [InlineData("list_imap_folders")]
    [InlineData("imapPing")]
    [InlineData("delIMAPdups")]
    public async Task An_oauth2_token_never_shows_even_when_the_login_fails(string tool)
    {
        string user = TestUsers.Unique("oauth-" + tool);
        const string token = "ya29.TOKEN-zq7Xk2mWvP";
        string src = $"{fx.Source.Host}:{fx.Source.ImapPort}";
        string work = Directory.CreateDirectory(Path.Combine(_dir, "oauth")).FullName;
        string log = Path.Combine(work, "tool.log");
        string[] args = tool == "imapPing"
            ? ["-h", src, "-u", user, "-p", "oauth2:" + token, "-I"]
            : ["-S", $"{src}/{user}/oauth2:{token}", "-I", "-L", log];
        var r = await ToolRunner.RunAsync(tool, args, null, workingDirectory: work, timeout: TimeSpan.FromMinutes(3));
        Assert.NotEqual(0, r.ExitCode);   // the test bed has no XOAUTH2
        string xoauth = Convert.ToBase64String(Encoding.ASCII.GetBytes($"user={user}\u0001auth=Bearer {token}\u0001\u0001"));
        string all = r.StdOut + r.StdErr + string.Concat(Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories).Select(System.IO.File.ReadAllText));
        Assert.DoesNotContain(token, all, StringComparison.Ordinal);
        Assert.DoesNotContain("TOKEN-zq7Xk2mWvP", all, StringComparison.Ordinal);
        Assert.DoesNotContain(xoauth, all, StringComparison.Ordinal);
        Assert.DoesNotContain(xoauth[..20], all, StringComparison.Ordinal);
    }

    private static void AssertNoSecret(string user, bool plain, string where, string text)
    {
        string[] forbidden =
        [
            DovecotServer.MasterPassword,
            plain ? DovecotServer.Password : DovecotServer.MasterPassword,
            B64($"\0{user}\0{DovecotServer.Password}"),
            B64($"{user}\0{DovecotServer.Password}"),
            B64($"{user}\0{DovecotServer.MasterUser}\0{DovecotServer.MasterPassword}"),
            B64($"\0{DovecotServer.MasterUser}\0{DovecotServer.MasterPassword}"),
            B64(DovecotServer.MasterPassword),
            plain ? B64(DovecotServer.Password) : B64(DovecotServer.MasterPassword),
        ];
        foreach (string s in forbidden)
        {
            int at = text.IndexOf(s, StringComparison.Ordinal);
            Assert.True(at < 0, $"'{s}' found in {where}: …{(at < 0 ? "" : text[Math.Max(0, at - 200)..Math.Min(text.Length, at + 100)])}…");
        }
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private const string Mbox =
        "From alice@example.org Fri Jan 09 14:00:00 2015\n" +
        "From: Alice <alice@example.org>\nTo: Bob <bob@example.org>\nSubject: first\nMessage-ID: <m1@example.org>\n" +
        "Date: Fri, 09 Jan 2015 14:00:00 +0000\n\nHello.\n\n" +
        "From bob@example.org Sat Jan 10 10:00:00 2015\n" +
        "From: Bob <bob@example.org>\nTo: Alice <alice@example.org>\nSubject: second\nMessage-ID: <m2@example.org>\n" +
        "Date: Sat, 10 Jan 2015 10:00:00 +0000\n\nHi again.\n";

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
