using System.Text.Json;
using ImapTools.TestBed;
using MailKit;

namespace ImapTools.Tools.ImapCopy.Tests;

/// <summary>imapcopy run with real argv, one flag group per test, checked on the servers with an independent client.</summary>
[Collection(DovecotCollections.Pair)]
public class FlagTests(DovecotPairFixture servers) : ImapCopyTestBase(servers)
{
    private static readonly DateTimeOffset D2010 = new(2010, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset D2015 = new(2015, 6, 1, 12, 0, 0, TimeSpan.FromHours(2));
    private static readonly DateTimeOffset D2020 = new(2020, 6, 1, 12, 0, 0, TimeSpan.FromHours(-5));

    private async Task<(string S, string D)> UsersAsync() => await NewAccountsAsync();

    [Fact]
    public async Task Mailbox_selection_m_R_e_g()
    {
        var (s, d) = await UsersAsync();
        foreach (var f in new[] { "INBOX", "Sales", "Sales/2019", "SalesOld", "Junk", "Trash" })
            await AppendAsync(Src, s, f, Mail($"{f}@t", f));
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-m", "Sales, Junk", "-R", "-e", "Sales/2019", "-g", "^J"));
        var folders = await FolderNamesAsync(Dst, d);
        Assert.Contains("Sales", folders);
        Assert.Contains("SalesOld", folders);
        Assert.DoesNotContain("Sales/2019", folders);
        Assert.DoesNotContain("Junk", folders);
        Assert.DoesNotContain("Trash", folders);
        Assert.Empty(await SubjectsAsync(Dst, d, "INBOX"));
    }

    [Fact]
    public async Task Map_file_and_root_mailbox()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("i@t", "in inbox"));
        await AppendAsync(Src, s, "Sent", Mail("s@t", "sent one"));
        string map = Path.Combine(Path.GetTempPath(), $"map-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(map, "# comment\r\nSent: Sent Items/Old\r\n\r\n");
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-M", map, "-p", "Migrated");
        AssertOk(r);
        Assert.Contains("Mapping src:Sent to dst:Sent Items/Old", r.StdOut);
        Assert.Equal(["sent one"], await SubjectsAsync(Dst, d, "Migrated/Sent Items/Old"));
        Assert.Equal(["in inbox"], await SubjectsAsync(Dst, d, "Migrated/INBOX"));
    }

    [Fact]
    public async Task Date_range_a_b_and_search_z_are_server_side()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("a@t", "alpha 2010"), date: D2010);
        await AppendAsync(Src, s, "INBOX", Mail("b@t", "beta 2015"), date: D2015);
        await AppendAsync(Src, s, "INBOX", Mail("c@t", "alpha 2020"), date: D2020);
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-a", "01-Jan-2012", "-b", "01-Jan-2018");
        AssertOk(r);
        Assert.Contains("Searching for messsages (SINCE 01-Jan-2012) (BEFORE 01-Jan-2018)", r.StdOut);
        Assert.Contains("There are 1 messages between those dates", r.StdOut);
        Assert.Equal(["beta 2015"], await SubjectsAsync(Dst, d, "INBOX"));

        string d2 = TestUsers.Unique("dst");
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d2), "-z", "OR (SUBJECT beta) (SINCE 01-Jan-2019)", "-U"));
        Assert.Equal(["alpha 2020", "beta 2015"], await SubjectsAsync(Dst, d2, "INBOX"));

        string d3 = TestUsers.Unique("dst");
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d3), "-J", "BEFORE=01-Jan-2012"));
        Assert.Equal(["alpha 2010"], await SubjectsAsync(Dst, d3, "INBOX"));
    }

    [Fact]
    public async Task Update_with_purge_removes_only_destination_extras()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("keep@t", "keep"));
        await AppendAsync(Src, s, "INBOX", Mail("", "no id"));
        await AppendAsync(Dst, d, "INBOX", Mail("extra@t", "extra"));
        await AppendAsync(Dst, d, "INBOX", Mail("keep@t", "keep"));
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-U", "-s");
        AssertOk(r);
        Assert.Contains("Messages on the dest which are not on the source will be purged", r.StdOut);
        Assert.Contains("   1 message(s) purged from INBOX", r.StdOut);
        Assert.Equal(["keep", "no id"], await SubjectsAsync(Dst, d, "INBOX"));
        Assert.Equal(["keep", "no id"], await SubjectsAsync(Src, s, "INBOX"));
        // A second run changes nothing: the ID-less message has a stable key.
        var again = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-U", "-s");
        Assert.Contains("Copied 0 total messages", again.StdOut);
        Assert.Equal(["keep", "no id"], await SubjectsAsync(Dst, d, "INBOX"));
    }

    [Fact]
    public async Task Remove_from_source_deletes_only_confirmed_copies()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("seen@t", "seen"), MessageFlags.Seen);
        await AppendAsync(Src, s, "INBOX", Mail("unseen@t", "unseen"));
        await AppendAsync(Src, s, "INBOX", Mail("big@t", "big", new string('x', 30_000)), MessageFlags.Seen);
        await AppendAsync(Src, s, "INBOX", Mail("old@t", "flagged deleted by user"), MessageFlags.Deleted);
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-C", "-u", "-X", "0.02", "-P");
        AssertOk(r);
        Assert.Contains("Messages will be removed from the source after they have been copied", r.StdOut);
        Assert.Contains("Only Seen messages will be copied", r.StdOut);
        Assert.Contains("   Skipping message 3 because its size", r.StdOut);
        Assert.Contains("   1 message(s) purged from INBOX", r.StdOut);
        Assert.Equal(["seen"], await SubjectsAsync(Dst, d, "INBOX"));
        Assert.Equal(["big", "flagged deleted by user", "unseen"], await SubjectsAsync(Src, s, "INBOX"));
    }

    [Fact]
    public async Task Update_f_removes_source_copies_the_destination_already_has()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("both@t", "on both"));
        await AppendAsync(Src, s, "INBOX", Mail("new@t", "only on source"));
        await AppendAsync(Dst, d, "INBOX", Mail("both@t", "on both"));
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-U", "-f");
        AssertOk(r);
        Assert.Contains("   1 message(s) purged from INBOX", r.StdOut);
        Assert.Equal(["on both", "only on source"], await SubjectsAsync(Dst, d, "INBOX"));
        Assert.Equal(["only on source"], await SubjectsAsync(Src, s, "INBOX"));
    }

    [Fact]
    public async Task Initialize_then_update_copies_everything_again()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("one@t", "one"));
        await AppendAsync(Dst, d, "INBOX", Mail("one@t", "one"));
        await AppendAsync(Dst, d, "INBOX", Mail("junk@t", "junk"));
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-i", "-U");
        AssertOk(r);
        Assert.Contains("Initializing mailbox INBOX", r.StdOut);
        Assert.Equal(["one"], await SubjectsAsync(Dst, d, "INBOX"));
    }

    [Fact]
    public async Task Key_store_Z_prevents_copying_twice_and_l_skips_source_duplicates()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("dup@t", "dup"));
        await AppendAsync(Src, s, "INBOX", Mail("dup@t", "dup"));
        await AppendAsync(Src, s, "INBOX", Mail("", "id-less"));
        string dir = Directory.CreateTempSubdirectory("keys").FullName;
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-Z", dir, "-l");
        AssertOk(r);
        Assert.Contains("Duplicate msgs on the source will not be copied", r.StdOut);
        Assert.Equal(["dup", "id-less"], await SubjectsAsync(Dst, d, "INBOX"));
        string[] lines = await File.ReadAllLinesAsync(Path.Combine(dir, s + ".keys"));
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("<dup@t>\t", lines[0]);

        string d2 = TestUsers.Unique("dst");
        var again = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d2), "-Z", dir);
        Assert.Contains("Copied 0 total messages", again.StdOut);

        var missing = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d2), "-Z", Path.Combine(dir, "nope"));
        Assert.Equal(5, missing.ExitCode);
        Assert.Equal($"The directory given by -Z {Path.Combine(dir, "nope")} does not exist\n", missing.StdErr);
    }

    [Fact]
    public async Task Flag_rules_v_r_and_keywords_and_dates_survive()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("k@t", "kw"), MessageFlags.Deleted | MessageFlags.Answered, D2015, "$Forwarded", "Project-X", "$label1");
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-v", "-r", "-T");
        AssertOk(r);
        Assert.Contains("Copied msgs will be marked on the destinationas as SEEN", r.StdOut);
        var m = Assert.Single(await MessagesAsync(Dst, d, "INBOX"));
        Assert.Equal(MessageFlags.Seen | MessageFlags.Answered, m.Flags);
        Assert.Equal(["$Forwarded", "$label1", "Project-X"], m.Keywords.Order(StringComparer.Ordinal));
        Assert.Equal(D2015, m.Date);
        Assert.Empty(await SubjectsAsync(Src, s, "INBOX"));
    }

    [Fact]
    public async Task Header_only_and_ranges_B_E_F()
    {
        var (s, d) = await UsersAsync();
        for (int i = 1; i <= 5; i++) await AppendAsync(Src, s, "INBOX", Mail($"n{i}@t", $"n{i}", "BODY TEXT"));
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-B", "2", "-E", "4", "-H"));
        var copied = await MessagesAsync(Dst, d, "INBOX");
        Assert.Equal(["n2", "n3", "n4"], copied.Select(c => c.Subject).Order());
        Assert.All(copied, c => Assert.DoesNotContain("BODY TEXT", System.Text.Encoding.ASCII.GetString(c.Raw)));

        string d2 = TestUsers.Unique("dst");
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d2), "-F", "2"));
        Assert.Equal(["n1", "n2"], await SubjectsAsync(Dst, d2, "INBOX"));
    }

    [Fact]
    public async Task Archive_mailboxes_o_and_A()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("i@t", "inbox"));
        await AppendAsync(Src, s, "Work", Mail("w@t", "work"));
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-o", "Everything", "-A", "Copied");
        AssertOk(r);
        Assert.Contains("   Copied 1 messages to Everything on the destination", r.StdOut);
        Assert.Contains("   Copied 1 messages to Copied mailbox on the source", r.StdOut);
        Assert.Equal(["inbox", "work"], await SubjectsAsync(Dst, d, "Everything"));
        Assert.Equal(["inbox", "work"], await SubjectsAsync(Src, s, "Copied"));
    }

    [Fact]
    public async Task Gmail_rules_G_N_and_progress_j()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "[Gmail]/Sent Mail", Mail("g1@t", "sent"));
        await AppendAsync(Src, s, "[Gmail]/All Mail", Mail("g2@t", "all"));
        for (int i = 0; i < 4; i++) await AppendAsync(Src, s, "INBOX", Mail($"p{i}@t", $"p{i}"));
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-G", "-j", "2");
        AssertOk(r);
        Assert.Contains("Skipping [Gmail]/All Mail", r.StdOut);
        Assert.Contains("Copied 2 of 4 messages from INBOX", r.StdOut);
        Assert.Contains("Copied 4 of 4 messages from INBOX", r.StdOut);
        Assert.Equal(["sent"], await SubjectsAsync(Dst, d, "Gmail/Sent Mail"));
        Assert.DoesNotContain("[Gmail]/All Mail", await FolderNamesAsync(Dst, d));

        string d2 = TestUsers.Unique("dst");
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d2), "-N", "-m", "[Gmail]/All Mail"));
        Assert.Equal(["all"], await SubjectsAsync(Dst, d2, "[Gmail]/All Mail"));
    }

    [Fact]
    public async Task Wrap_W_and_crlf_c_rewrite_long_lines()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("w@t", "wide", new string('y', 2500)));
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-W", "-c"));
        string text = System.Text.Encoding.ASCII.GetString(Assert.Single(await MessagesAsync(Dst, d, "INBOX")).Raw);
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 1000));
        Assert.Contains(new string('y', 1000) + "\r\n" + new string('y', 1000) + "\r\n" + new string('y', 500) + "\r\n", text);
    }

    [Fact]
    public async Task Parallel_Y_gives_the_same_result_as_serial()
    {
        var (s, d) = await NewAccountsAsync(CorpusSpec.Mixed());
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-Y", "4", "-O"));
        Assert.Empty((await SnapshotAsync(Src, s)).Diff(await SnapshotAsync(Dst, d)));
    }

    [Fact]
    public async Task Logging_L_q_d_I_never_show_the_password()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "INBOX", Mail("x@t", "x"));
        string log = Path.Combine(Path.GetTempPath(), $"imapcopy-{Guid.NewGuid():N}.log");
        var r = await ImapCopy("-S", Src.Conn(s), "-D", $"{Dst.Host}:{Dst.ImapPort}/{d}/{DovecotServer.Password}", "-dIqL", log);
        AssertOk(r);
        Assert.Equal("", r.StdOut);
        string text = await File.ReadAllTextAsync(log);
        Assert.Matches(@"^\d\d-\d\d-\d{4}\.\d\d:\d\d:\d\d imapcopy starting\n", text);
        Assert.Contains(" >> ", text);
        Assert.Contains(" LOGIN ", text);
        Assert.Contains("Processing INBOX (1/1)", text);
        Assert.DoesNotContain(DovecotServer.Password, text);
        Assert.DoesNotContain(DovecotServer.Password, r.StdErr);
    }

    [Fact]
    public async Task Json_report_and_namespace_overrides_x_y()
    {
        var (s, d) = await UsersAsync();
        await AppendAsync(Src, s, "Projects/Alpha", Mail("p@t", "alpha"));
        string json = Path.Combine(Path.GetTempPath(), $"imapcopy-{Guid.NewGuid():N}.json");
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-x", "/", "-y", "/", "--json", json, "-t", "60"));
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(1, doc.RootElement.GetProperty("copied").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("failed").GetInt32());
        Assert.Equal(["alpha"], await SubjectsAsync(Dst, d, "Projects/Alpha"));
    }
}
