using System.Text;
using ImapTools.TestBed;
using MailKit;
using MimeKit;

namespace ImapTools.Tools.MigrateImap.Tests;

/// <summary>The legacy flags on one small, hand-made account: mailbox selection and naming, message filters, update modes.</summary>
[Collection(DovecotCollections.Pair)]
public class FlagTests(DovecotPairFixture servers) : MigrateTestBase(servers)
{
    private static readonly DateTimeOffset Y2018 = new(2018, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Y2019 = new(2019, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Y2020 = new(2020, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private static string Mail(string id, string subject, string body = "hello") =>
        $"From: a@example.org\r\nTo: b@example.org\r\nSubject: {subject}\r\nMessage-ID: <{id}@test>\r\nDate: Mon, 1 Jan 2018 10:00:00 +0000\r\n\r\n{body}\r\n";

    /// <summary>INBOX: seen 2018, unseen 2019, big seen 2020 (with a 1500-character line); Sent: one; Archive/Old: one.</summary>
    private async Task<string> CreateSourceAsync()
    {
        string user = TestUsers.Unique("flags");
        using var client = await Src.ConnectAsync(user);
        async Task AddAsync(string folder, string raw, MessageFlags flags, DateTimeOffset date)
        {
            IMailFolder f = client.Inbox;
            if (folder != "INBOX")
            {
                var root = client.GetFolder(client.PersonalNamespaces[0]);
                foreach (var part in folder.Split('/'))
                {
                    string path = f == client.Inbox ? part : f.FullName + "/" + part;
                    try { f = await client.GetFolderAsync(path); }
                    catch (FolderNotFoundException) { f = (await (f == client.Inbox ? root : f).CreateAsync(part, true))!; }
                }
            }
            await f.AppendAsync(new AppendRequest(MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(raw))), flags, date));
        }
        await AddAsync("INBOX", Mail("m1", "seen 2018"), MessageFlags.Seen, Y2018);
        await AddAsync("INBOX", Mail("m2", "unseen 2019"), MessageFlags.None, Y2019);
        await AddAsync("INBOX", Mail("m3", "big 2020", new string('x', 1500) + "\r\n" + string.Concat(Enumerable.Repeat("line of text\r\n", 2000))), MessageFlags.Seen | MessageFlags.Flagged, Y2020);
        await AddAsync("Sent", Mail("s1", "sent"), MessageFlags.Seen, Y2019);
        await AddAsync("Archive/Old", Mail("a1", "archived"), MessageFlags.Seen, Y2018);
        await client.DisconnectAsync(true);
        return user;
    }

    /// <summary>Runs one migration of <paramref name="source"/> into a fresh destination user; returns the result and the destination's snapshot.</summary>
    private async Task<(ToolResult Result, MailboxSnapshot Dest, string User)> RunAsync(string source, params string[] args)
    {
        string dst = TestUsers.Unique("flagsd");
        string users = UsersFile($"{dst}.txt", [$"{source}:{DovecotServer.Password}:{dst}:{DovecotServer.Password}"]);
        var r = await MigrateAsync(["-i", users, "-n", "1", .. args]);
        return (r, await SnapshotAsync(Dst, dst), dst);
    }

    private static int Count(MailboxSnapshot s, string folder) => s.Folders.TryGetValue(folder, out var m) ? m.Count : -1;

    [Fact]
    public async Task Mailbox_selection_map_and_root()
    {
        string src = await CreateSourceAsync();
        var source = await SnapshotAsync(Src, src);

        var (r, dest, _) = await RunAsync(src, "-m", "INBOX, Sent");
        AssertExit(r, 0);
        Assert.Equal(["INBOX", "Sent"], dest.FolderNames);
        Assert.Empty(source.Diff(dest, folderFilter: f => f is "INBOX" or "Sent"));

        (r, dest, _) = await RunAsync(src, "-R", "^Arch");     // -R works without -E (Q1)
        AssertExit(r, 0);
        Assert.DoesNotContain("Archive/Old", dest.FolderNames);
        Assert.Equal(1, Count(dest, "Sent"));

        (r, dest, _) = await RunAsync(src, "-E", "Sent,INBOX");
        AssertExit(r, 0);
        Assert.Equal(-1, Count(dest, "Sent"));
        Assert.Equal(0, Count(dest, "INBOX"));
        Assert.Equal(1, Count(dest, "Archive/Old"));

        string map = Path.Combine(WorkDir, "map.txt");
        File.WriteAllText(map, "Sent: Sent Messages\r\n");
        (r, dest, _) = await RunAsync(src, "-p", "Old", "-M", map);
        AssertExit(r, 0);
        Assert.Contains("Mapping src:Sent to dst:Sent Messages", r.StdErr);
        Assert.Equal(3, Count(dest, "Old"));                  // INBOX becomes the root itself
        Assert.Equal(1, Count(dest, "Old/Sent Messages"));
        Assert.Equal(1, Count(dest, "Old/Archive/Old"));
    }

    [Fact]
    public async Task Message_filters()
    {
        string src = await CreateSourceAsync();
        var (r, dest, _) = await RunAsync(src, "-u");
        AssertExit(r, 0);
        Assert.Equal(1, Count(dest, "INBOX"));
        Assert.Equal(0, Count(dest, "Sent"));

        (r, dest, _) = await RunAsync(src, "-o");
        AssertExit(r, 0);
        Assert.Equal(2, Count(dest, "INBOX"));

        (r, dest, _) = await RunAsync(src, "-s", "0.01");
        AssertExit(r, 0);
        Assert.Matches(@"Skipping msgnum 3 \(0\.0\d+ MB\) because it exceeds max size 0\.01 MB", r.StdErr);
        Assert.Equal(2, Count(dest, "INBOX"));

        (r, dest, _) = await RunAsync(src, "-F", "1");
        AssertExit(r, 0);
        Assert.Equal(1, Count(dest, "INBOX"));

        (r, dest, _) = await RunAsync(src, "-a", "01-Jan-2019", "-b", "01-Jan-2020");
        AssertExit(r, 0);
        Assert.Equal(1, Count(dest, "INBOX"));
        Assert.Equal(1, Count(dest, "Sent"));
        Assert.Equal(0, Count(dest, "Archive/Old"));

        (r, dest, _) = await RunAsync(src, "-r", "2:*");
        AssertExit(r, 0);
        Assert.Equal(2, Count(dest, "INBOX"));

        long size = Encoding.ASCII.GetByteCount(Mail("m1", "seen 2018"));
        (r, dest, _) = await RunAsync(src, "-Z", size.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "INBOX");
        AssertExit(r, 0);
        Assert.Contains("COPYING MSGNUM 1 TO THE DESTINATION", r.StdErr);
        Assert.Contains("SKIPPING MSGNUM 2", r.StdErr);
        Assert.Equal(1, Count(dest, "INBOX"));

        (r, dest, _) = await RunAsync(src, "-W", "-m", "INBOX");
        AssertExit(r, 0);
        var source = await SnapshotAsync(Src, src);
        Assert.Equal(3, Count(dest, "INBOX"));
        // Only the message with the 1500-character line changed.
        Assert.Equal(2, source.Folders["INBOX"].Select(m => m.Sha256).Intersect(dest.Folders["INBOX"].Select(m => m.Sha256)).Count());
    }

    [Fact]
    public async Task Update_purge_hash_and_move()
    {
        string src = await CreateSourceAsync();
        var source = await SnapshotAsync(Src, src);
        var (r, dest, dst) = await RunAsync(src);
        AssertExit(r, 0);
        Assert.Empty(source.Diff(dest));
        string users = UsersFile("again.txt", [$"{src}:{DovecotServer.Password}:{dst}:{DovecotServer.Password}"]);

        // An extra destination message: -U -X removes it, copies nothing.
        using (var client = await Dst.ConnectAsync(dst))
        {
            await client.Inbox.AppendAsync(new AppendRequest(MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(Mail("extra", "extra")))), MessageFlags.None));
            await client.DisconnectAsync(true);
        }
        r = await MigrateAsync("-i", users, "-U", "-X");
        AssertExit(r, 0);
        Assert.Contains("Messages on the dest which are not on the source will be deleted", r.StdErr);
        Assert.Contains("    1 messages purged from INBOX", r.StdErr);
        Assert.Contains("Totals: 1 users ok, 0 failed, 0 skipped (done earlier), 0 messages", r.StdErr);
        Assert.Empty(source.Diff(await SnapshotAsync(Dst, dst)));

        r = await MigrateAsync("-i", users, "-U", "-H");
        AssertExit(r, 0);
        Assert.Contains("Running in update/md5_hash mode", r.StdErr);
        Assert.Contains("Totals: 1 users ok, 0 failed, 0 skipped (done earlier), 0 messages", r.StdErr);

        // -Y into a fresh destination: everything arrives, the source folders are emptied.
        var (moved, movedDest, _) = await RunAsync(src, "-Y");
        AssertExit(moved, 0);
        Assert.Contains("    Expunging source mbx INBOX", moved.StdErr);
        Assert.Contains("    3 messages purged from INBOX", moved.StdErr);
        Assert.Empty(source.Diff(movedDest));
        Assert.Equal(0, (await SnapshotAsync(Src, src)).MessageCount);
    }
}
