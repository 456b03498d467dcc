using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ImapTools.TestBed;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Tools.Pop3ToImap.Tests;

public abstract class Pop3ToImapTestBase(DovecotServerPair servers)
{
    protected DovecotServer Pop => servers.Source;
    protected DovecotServer Imap => servers.Destination;

    protected string PopConn(string user, string password = DovecotServer.Password) => $"{Pop.Host}:{Pop.Pop3Port}/{user}/{password}";
    protected string PopHost => $"{Pop.Host}:{Pop.Pop3Port}";
    protected string ImapHost => $"{Imap.Host}:{Imap.ImapPort}";

    protected static Task<ToolResult> Run(string dir, params string[] args) =>
        ToolRunner.RunAsync("pop3toimap", args, workingDirectory: dir);

    protected static string NewDir() => Directory.CreateTempSubdirectory("p2i-").FullName;

    protected static readonly string[] Corpus =
    [
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: read one\r\nMessage-ID: <one@p2i>\r\nDate: Tue, 5 Jan 2015 10:00:00 -0500\r\nStatus: RO\r\n\r\nfirst body\r\n",
        "Received: from mx by pop; Tue, 2 Feb 2021 08:00:00 +0000\r\nFrom: a@example.org\r\nTo: b@example.org\r\nSubject: no date\r\nMessage-ID: <two@p2i>\r\n\r\nsecond body\r\n",
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: dots\r\nDate: Sat, 7 Mar 2020 23:59:59 +0100\r\n\r\n.starts with a dot\r\n..two dots\r\n+OK not a reply\r\n-ERR not an error\r\nstatus: R in the body\r\n.\r\nend\r\n",
        "From: c@example.org\r\nTo: b@example.org\r\nSubject: fourth\r\nMessage-ID: <four@p2i>\r\nDate: Mon, 1 Jan 2018 10:00:00 +0000\r\n\r\nfourth body\r\n",
    ];

    /// <summary>Seeds the POP3 user's INBOX (through IMAP on the same server) with <paramref name="count"/> corpus messages.</summary>
    protected async Task SeedPopAsync(string user, int count = 3)
    {
        using var client = await Pop.ConnectAsync(user);
        foreach (var raw in Corpus.Take(count))
            await client.Inbox.AppendAsync(new AppendRequest(MimeKit.MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(raw)))));
        await client.DisconnectAsync(true);
    }

    protected sealed record Stored(string Subject, MessageFlags Flags, DateTimeOffset Date, byte[] Raw);

    protected static async Task<List<Stored>> MessagesAsync(DovecotServer server, string user, string? folder = null)
    {
        using var client = await server.ConnectAsync(user);
        var f = folder is null ? client.Inbox : await client.GetFolderAsync(folder);
        await f.OpenAsync(FolderAccess.ReadOnly);
        var list = new List<Stored>();
        if (f.Count > 0)
            foreach (var s in await f.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Envelope))
            {
                using var stream = await f.GetStreamAsync(s.UniqueId, string.Empty);
                using var ms = new MemoryStream();
                await stream.CopyToAsync(ms);
                list.Add(new Stored(s.Envelope?.Subject ?? "", (s.Flags ?? 0) & ~MessageFlags.Recent, s.InternalDate!.Value, ms.ToArray()));
            }
        await client.DisconnectAsync(true);
        return list;
    }

    protected static void AssertOk(ToolResult r) => Assert.True(r.ExitCode == 0, r.ToString());

    protected static string Summary(int users, int messages, long bytes) =>
        $"\n       Summary of POP3 -> IMAP migration\n\nUsers migrated  {users}\nTotal messages  {messages}\nTotal bytes     {bytes}\n\n";
}

[Collection(DovecotCollections.Pair)]
public class Pop3ToImapTests(DovecotPairFixture servers) : Pop3ToImapTestBase(servers)
{
    [Fact]
    public async Task Single_user_copies_bytes_seen_flag_and_dates_and_a_rerun_copies_nothing()
    {
        string pu = TestUsers.Unique("pop"), iu = TestUsers.Unique("imap");
        await SeedPopAsync(pu);
        var source = await MessagesAsync(Pop, pu);
        string dir = NewDir();
        var r = await Run(dir, "-p", PopConn(pu), "-i", Imap.Conn(iu));
        AssertOk(r);
        long bytes = source.Sum(m => (long)m.Raw.Length);
        Assert.Contains($"Connected to {Pop.Host} on port {Pop.Pop3Port}\n", r.StdOut);
        Assert.Contains($"Connected to {Imap.Host} on port {Imap.ImapPort}\n", r.StdOut);
        Assert.Contains($"Migrating {pu} on {Pop.Host} to {iu} on {Imap.Host} (3 messages)\n", r.StdOut);
        Assert.StartsWith("pop3toimap 1.3 starting\n", r.StdOut);
        Assert.EndsWith(Summary(1, 3, bytes), r.StdOut);

        var copied = await MessagesAsync(Imap, iu);
        Assert.Equal(source.Select(m => Convert.ToHexString(m.Raw)), copied.Select(m => Convert.ToHexString(m.Raw)));
        Assert.Equal([MessageFlags.Seen, MessageFlags.None, MessageFlags.None], copied.Select(m => m.Flags));
        Assert.Equal(new DateTimeOffset(2015, 1, 5, 15, 0, 0, TimeSpan.Zero), copied[0].Date.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2021, 2, 2, 8, 0, 0, TimeSpan.Zero), copied[1].Date.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2020, 3, 7, 22, 59, 59, TimeSpan.Zero), copied[2].Date.ToUniversalTime());
        Assert.Contains("..two dots\r\n+OK not a reply\r\n-ERR not an error\r\n", Encoding.ASCII.GetString(copied[2].Raw));

        string logLine = File.ReadAllLines(Path.Combine(dir, "pop3toimap.log"))[0];
        Assert.Matches(@"^\d\d-\d\d-\d{4}\.\d\d:\d\d:\d\d \d+ pop3toimap 1\.3 starting$", logLine);
        Assert.DoesNotContain(DovecotServer.Password, r.StdOut + r.StdErr + File.ReadAllText(Path.Combine(dir, "pop3toimap.log")));

        // A second run finds every message in the destination and copies none; the POP3 mailbox is untouched.
        var again = await Run(dir, "-p", PopConn(pu), "-i", Imap.Conn(iu));
        AssertOk(again);
        Assert.EndsWith(Summary(1, 0, 0), again.StdOut);
        Assert.Contains("3 messages were already in INBOX and were not copied again\n", again.StdOut);
        Assert.Equal(3, (await MessagesAsync(Imap, iu)).Count);
        Assert.Equal(3, (await MessagesAsync(Pop, pu)).Count);
    }

    [Fact]
    public async Task Remove_deletes_only_what_the_imap_server_confirmed()
    {
        string pu = TestUsers.Unique("popr"), iu = TestUsers.Unique("imapr");
        await SeedPopAsync(pu, 4);
        string dir = NewDir();

        // IMAP login refused: nothing copied, nothing deleted.
        var refused = await Run(dir, "-p", PopConn(pu), "-i", $"{ImapHost}/{iu}/Wr0ng", "-r");
        Assert.Equal(4, refused.ExitCode);
        Assert.Contains($"Error logging into the IMAP server as {iu}:", refused.StdErr);
        Assert.Equal(4, (await MessagesAsync(Pop, pu)).Count);

        // Only the range is copied, and only those are removed from the POP3 mailbox.
        var ranged = await Run(dir, "-p", PopConn(pu), "-i", Imap.Conn(iu), "-r", "-R", "2-3");
        AssertOk(ranged);
        Assert.Contains("Migrating POP message numbers between 2 and 3\n", ranged.StdOut);
        Assert.Equal(["no date", "dots"], (await MessagesAsync(Imap, iu)).Select(m => m.Subject));
        Assert.Equal(["read one", "fourth"], (await MessagesAsync(Pop, pu)).Select(m => m.Subject));

        var rest = await Run(dir, "-p", PopConn(pu), "-i", Imap.Conn(iu), "-r");
        AssertOk(rest);
        Assert.Equal(["no date", "dots", "read one", "fourth"], (await MessagesAsync(Imap, iu)).Select(m => m.Subject));
        Assert.Empty(await MessagesAsync(Pop, pu));
    }

    [Fact]
    public async Task Wrong_pop_password_is_a_failed_login()
    {
        string pu = TestUsers.Unique("popw"), iu = TestUsers.Unique("imapw");
        await SeedPopAsync(pu, 1);
        var r = await Run(NewDir(), "-p", PopConn(pu, "Wr0ng"), "-i", Imap.Conn(iu));
        Assert.Equal(4, r.ExitCode);
        Assert.StartsWith($"Error logging into the POP server as {pu}:", r.StdErr);
        Assert.EndsWith(Summary(0, 0, 0), r.StdOut);
        Assert.DoesNotContain("Wr0ng", r.StdOut + r.StdErr);
        Assert.Empty(await MessagesAsync(Imap, iu));
    }

    [Fact]
    public async Task Users_file_one_failing_user_does_not_stop_the_others()
    {
        string p1 = TestUsers.Unique("popa"), p2 = TestUsers.Unique("popb"), p3 = TestUsers.Unique("popc");
        string i1 = TestUsers.Unique("imapa"), i2 = TestUsers.Unique("imapb"), i3 = TestUsers.Unique("imapc");
        await SeedPopAsync(p1, 2);
        await SeedPopAsync(p2, 2);
        await SeedPopAsync(p3, 3);
        string dir = NewDir();
        File.WriteAllText(Path.Combine(dir, "users"),
            $"# pop user, pop password, imap user, imap password\n{p1} secret {i1} secret\n\n  {p2}\tWr0ng {i2} secret\r\n{p3}  secret {i3} secret\n");
        var r = await Run(dir, "-p", PopHost, "-i", ImapHost, "-u", "users");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("There are 3 users to be migrated\n", r.StdOut);
        Assert.Contains($"Error logging into the POP server as {p2}:", r.StdErr);
        Assert.Equal(2, (await MessagesAsync(Imap, i1)).Count);
        Assert.Empty(await MessagesAsync(Imap, i2));
        Assert.Equal(3, (await MessagesAsync(Imap, i3)).Count);
        Assert.Contains("\nUsers migrated  2\nTotal messages  5\n", r.StdOut);
    }

    [Fact]
    public async Task Admin_login_with_three_field_users_file()
    {
        string pu = TestUsers.Unique("popad"), iu = TestUsers.Unique("imapad");
        await SeedPopAsync(pu, 2);
        string dir = NewDir();
        File.WriteAllText(Path.Combine(dir, "users"), $"{pu} secret {iu}\n");
        var r = await Run(dir, "-p", PopHost, "-i", ImapHost, "-u", "users", "-A", $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}", "-I", "-d");
        AssertOk(r);
        Assert.Equal(2, (await MessagesAsync(Imap, iu)).Count);
        Assert.Contains("AUTHENTICATE PLAIN", r.StdOut);
        Assert.Contains("<< +OK", r.StdOut);                       // the POP3 session is traced too
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(r.StdOut, @"(PASS \*{8}|AUTH [A-Z0-9-]+\n.*\n?.*>> \*{8})"), r.StdOut);  // POP3 credentials masked
        Assert.DoesNotContain(DovecotServer.MasterPassword, r.StdOut + r.StdErr);
        Assert.DoesNotContain("PASS secret", r.StdOut);
    }

    [Fact]
    public async Task Notification_is_sent_by_smtp_to_a_real_server()
    {
        string pu = TestUsers.Unique("popn"), iu = TestUsers.Unique("imapn");
        await SeedPopAsync(pu, 1);
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; l.Stop(); }
        var smtpd = new ProcessStartInfo("python3", ["-W", "ignore", "-u", "-m", "smtpd", "-n", "-c", "DebuggingServer", $"127.0.0.1:{port}"])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var server = Process.Start(smtpd)!;
        var received = new StringBuilder();
        var done = new TaskCompletionSource();
        server.OutputDataReceived += (_, e) => { if (e.Data is null) return; lock (received) received.Append(e.Data).Append('\n'); if (e.Data.Contains("END MESSAGE")) done.TrySetResult(); };
        server.BeginOutputReadLine();
        try
        {
            for (int i = 0; i < 100; i++)
            {
                try { using var probe = new TcpClient(); await probe.ConnectAsync(IPAddress.Loopback, port); break; }
                catch (SocketException) { await Task.Delay(50); }
            }
            var r = await Run(NewDir(), "-p", PopConn(pu), "-i", Imap.Conn(iu), "-n", "admin@example.org", "--smtp", $"127.0.0.1:{port}");
            AssertOk(r);
            await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
            string mail;
            lock (received) mail = received.ToString();
            Assert.Contains("To: admin@example.org", mail);
            Assert.Contains("From: pop3toimap.migration", mail);
            Assert.Matches(@"Subject: pop3toimap migration has completed \d\d-\d\d-\d{4} \d\d:\d\d", mail);
            Assert.Contains("Users migrated  1", mail);
            Assert.Contains("Total messages  1", mail);
            Assert.Matches(@"Start \d\d-\d\d-\d{4} \d\d:\d\d", mail);
            Assert.Matches(@"End   \d\d-\d\d-\d{4} \d\d:\d\d", mail);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Usage_and_bad_values()
    {
        var h = await Run(NewDir(), "-h");
        Assert.Equal(0, h.ExitCode);
        Assert.StartsWith(Program.Usage, h.StdOut);

        var none = await Run(NewDir());
        Assert.Equal(2, none.ExitCode);
        Assert.StartsWith("pop3toimap needs -p POP3host and -i IMAPhost", none.StdErr);

        var range = await Run(NewDir(), "-p", PopConn("x"), "-i", Imap.Conn("y"), "-R", "5");
        Assert.Equal(2, range.ExitCode);
        Assert.Equal("Invalid value for -R (range of POP message numbers lower-upper): '5'\n", range.StdErr);

        var missing = await Run(NewDir(), "-p", PopHost, "-i", ImapHost, "-u", "nope.txt");
        Assert.Equal(5, missing.ExitCode);
        Assert.Equal("nope.txt does not exist\n", missing.StdErr);

        if (!File.Exists("/usr/sbin/sendmail") && !File.Exists("/usr/lib/sendmail"))
        {
            string pu = TestUsers.Unique("popns");
            var nosend = await Run(NewDir(), "-p", PopConn(pu), "-i", Imap.Conn(TestUsers.Unique("imapns")), "-n", "a@example.org");
            Assert.Equal(1, nosend.ExitCode);
            Assert.Contains("Error sending report to a@example.org: no sendmail found", nosend.StdOut);
        }
    }
}

[Collection(DovecotCollections.Mixed)]
public class Pop3ToImapPrefixTests(DovecotMixedFixture servers) : Pop3ToImapTestBase(servers)
{
    [Fact]
    public async Task Target_mailbox_gets_the_prefix_once_and_inbox_none()
    {
        string pu = TestUsers.Unique("popm"), iu = TestUsers.Unique("imapm");
        await SeedPopAsync(pu, 2);
        string dir = NewDir();
        AssertOk(await Run(dir, "-p", PopConn(pu), "-i", Imap.Conn(iu), "-m", "Archive/POP"));
        Assert.Equal(2, (await MessagesAsync(Imap, iu, "INBOX.Archive.POP")).Count);

        // Already prefixed: not doubled.
        AssertOk(await Run(dir, "-p", PopConn(pu), "-i", Imap.Conn(iu), "-m", "INBOX.Old"));
        Assert.Equal(2, (await MessagesAsync(Imap, iu, "INBOX.Old")).Count);

        AssertOk(await Run(dir, "-p", PopConn(pu), "-i", Imap.Conn(iu)));
        Assert.Equal(2, (await MessagesAsync(Imap, iu)).Count);
        using var client = await Imap.ConnectAsync(iu);
        var names = (await client.GetFoldersAsync(client.PersonalNamespaces[0])).Select(f => f.FullName).ToList();
        Assert.DoesNotContain("INBOX.INBOX", names);
        Assert.DoesNotContain("INBOX.INBOX.Old", names);
    }
}
