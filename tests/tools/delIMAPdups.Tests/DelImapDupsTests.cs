using ImapTools.TestBed;
using MailKit;
using static ImapTools.TestBed.CleanupTestKit;

namespace ImapTools.Tools.DelImapDups.Tests;

[Collection(DovecotCollections.Pair)]
public sealed class DelImapDupsTests(DovecotPairFixture fx)
{
    private DovecotServer Server => fx.Source;

    private static Task<ToolResult> Run(params string[] args) => ToolRunner.RunAsync("delIMAPdups", args);

    /// <summary>INBOX: 8 messages; 2 and 4 duplicate 1 (Message-ID, any case), 8 duplicates 3; 5 and 6 have no Message-ID; 7 is user-\Deleted.</summary>
    private async Task<string> SeedAsync()
    {
        string user = TestUsers.Unique("dups");
        await AppendAsync(Server, user, "INBOX",
            (Mail("a@x", "one"), MessageFlags.Seen),
            (Mail("a@x", "one copy"), MessageFlags.None),
            (Mail("b@x", "two"), MessageFlags.None),
            (Mail("A@X", "one upper"), MessageFlags.None),
            (Mail("", "noid"), MessageFlags.None),
            (Mail("", "noid"), MessageFlags.None),
            (Mail("c@x", "predeleted"), MessageFlags.Deleted),
            (Mail("b@x", "two copy"), MessageFlags.Flagged));
        await AppendAsync(Server, user, "Sent", Mail("s@x", "sent"), Mail("s@x", "sent copy"));
        return user;
    }

    [Fact]
    public async Task Default_reports_and_changes_nothing()
    {
        string user = await SeedAsync();
        var r = await Run("-S", Server.Conn(user));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.StdOut.Split('\n')[0]);
        Assert.Equal(["delIMAPdups starting", $"Checking {user}", $"Connected to 127.0.0.1 on port {Server.ImapPort}",
            "Looking for duplicate messages using the Message-ID", "   Checking mailbox INBOX",
            "Would have purged msgnum 2", "Would have purged msgnum 4", "Would have purged msgnum 8",
            "   Checking mailbox Sent", "Would have purged msgnum 2", "Total messages purged 0"], r.Lines);
        Assert.Equal(8, (await MessagesAsync(Server, user, "INBOX")).Count);
    }

    [Fact]
    public async Task Purge_keeps_the_first_copy_and_the_user_deleted_message()
    {
        string user = await SeedAsync();
        var r = await Run("-S", Server.Conn(user), "-p", "-m", "INBOX");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["       Marked msg number 2 for delete", "       Marked msg number 4 for delete", "       Marked msg number 8 for delete",
            "Purging mailbox INBOX...3 messages purged", "Total messages purged 3"], r.Lines[^5..]);
        var inbox = await MessagesAsync(Server, user, "INBOX");
        Assert.Equal(["one", "two", "noid", "noid", "predeleted"], inbox.Select(m => m.Subject));
        Assert.True(inbox.Single(m => m.Subject == "predeleted").Deleted);
        Assert.Equal(2, (await MessagesAsync(Server, user, "Sent")).Count);
    }

    [Fact]
    public async Task Move_puts_the_duplicates_in_the_mailbox()
    {
        string user = await SeedAsync();
        var r = await Run("-S", Server.Conn(user), "-M", "Dups");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("       Moving msgnum 2 to Dups", r.Lines);
        Assert.Contains("Purging mailbox INBOX...3 messages purged", r.Lines);
        Assert.Contains("Purging mailbox Sent...1 messages purged", r.Lines);
        Assert.Equal("Total messages moved  4", r.Lines[^1]);
        Assert.Equal(["one", "two", "noid", "noid", "predeleted"], await SubjectsAsync(Server, user, "INBOX"));
        Assert.Equal(["one copy", "one upper", "sent copy", "two copy"], (await SubjectsAsync(Server, user, "Dups")).Order(StringComparer.Ordinal));
        var flagged = (await MessagesAsync(Server, user, "Dups")).Single(m => m.Subject == "two copy");
        Assert.True(flagged.Flags.HasFlag(MessageFlags.Flagged));
        Assert.False(flagged.Deleted);
    }

    [Fact]
    public async Task Dry_run_with_p_and_M_changes_nothing()
    {
        string user = await SeedAsync();
        var r = await Run("-S", Server.Conn(user), "-p", "--dry-run", "-m", "INBOX");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["Would have purged msgnum 2", "Would have purged msgnum 4", "Would have purged msgnum 8", "Total messages purged 0"], r.Lines[^4..]);
        var m = await Run("-S", Server.Conn(user), "-M", "Dups", "--dry-run", "-m", "INBOX");
        Assert.Contains("Would have moved msgnum 8 to Dups", m.Lines);
        Assert.Equal(8, (await MessagesAsync(Server, user, "INBOX")).Count);
        Assert.DoesNotContain("Dups", await FoldersAsync(Server, user));
    }

    [Fact]
    public async Task Date_flag_separates_copies_with_different_internal_dates()
    {
        string user = TestUsers.Unique("dups");
        var d1 = new DateTimeOffset(2011, 9, 20, 12, 0, 0, TimeSpan.Zero);
        await AppendAtAsync(Server, user, "INBOX", Mail("d@x", "first"), d1);
        await AppendAtAsync(Server, user, "INBOX", Mail("d@x", "same date"), d1);
        await AppendAtAsync(Server, user, "INBOX", Mail("d@x", "other date"), d1.AddDays(1));
        var r = await Run("-S", Server.Conn(user), "-u", "-p");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["first", "other date"], await SubjectsAsync(Server, user, "INBOX"));
    }

    [Fact]
    public async Task Body_hash_finds_equal_bodies_whatever_the_headers()
    {
        string user = TestUsers.Unique("dups");
        await AppendAsync(Server, user, "INBOX", Mail("h1@x", "body A", "same body"), Mail("h2@x", "body A again", "same body"),
            Mail("h3@x", "body B", "other body"), Mail("h1@x", "same id other body", "third body"));
        var r = await Run("-S", Server.Conn(user), "-H", "-p");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Looking for duplicate messages using an MD5-digest hash of the body", r.Lines);
        Assert.Equal(["body A", "body B", "same id other body"], await SubjectsAsync(Server, user, "INBOX"));
    }

    [Fact]
    public async Task Field_flag_uses_any_header()
    {
        string user = TestUsers.Unique("dups");
        await AppendAsync(Server, user, "INBOX", Mail("f1@x", "Report"), Mail("f2@x", "report"), Mail("f3@x", "other"), Mail("", "REPORT"));
        var r = await Run("-S", Server.Conn(user), "-F", "Subject", "-p");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Looking for duplicate messages using the Subject", r.Lines);
        Assert.Equal(["Report", "other"], await SubjectsAsync(Server, user, "INBOX"));
    }

    [Fact]
    public async Task Checksum_key_compares_from_to_subject_date_cc()
    {
        string user = TestUsers.Unique("dups");
        await AppendAsync(Server, user, "INBOX", Mail("k1@x", "meet"), Mail("k2@x", "meet"),
            Mail("k3@x", "meet", extraHeaders: "Cc: c@example.org\r\n"), Mail("k4@x", "meet", date: "Tue, 2 Jan 2018 10:00:00 +0000"));
        var r = await Run("-S", Server.Conn(user), "--checksum", "-p");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Looking for duplicate messages using a checksum of From, To, Subject, Date and Cc", r.Lines);
        Assert.Equal(3, (await MessagesAsync(Server, user, "INBOX")).Count);
        Assert.Contains("Purging mailbox INBOX...1 messages purged", r.Lines);
    }

    [Fact]
    public async Task Recursive_mailbox_list_and_range()
    {
        string user = TestUsers.Unique("dups");
        await AppendAsync(Server, user, "Archive", Mail("r@x", "a1"), Mail("r@x", "a2"), Mail("r@x", "a3"));
        await AppendAsync(Server, user, "Archive/2010", Mail("q@x", "b1"), Mail("q@x", "b2"));
        await AppendAsync(Server, user, "INBOX", Mail("r@x", "i1"), Mail("r@x", "i2"));
        var r = await Run("-S", Server.Conn(user), "-m", "Archive", "-R", "-p", "-r", "1:2");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["a1", "a3"], await SubjectsAsync(Server, user, "Archive"));
        Assert.Equal(["b1"], await SubjectsAsync(Server, user, "Archive/2010"));
        Assert.Equal(["i1", "i2"], await SubjectsAsync(Server, user, "INBOX"));
    }

    [Fact]
    public async Task Users_file_with_admin_and_log_file()
    {
        string u1 = await SeedAsync();
        string u2 = TestUsers.Unique("dups");
        await AppendAsync(Server, u2, "INBOX", Mail("z@x", "z1"), Mail("z@x", "z2"));
        string file = Path.Combine(Path.GetTempPath(), TestUsers.Unique("users") + ".txt");
        string log = Path.Combine(Path.GetTempPath(), TestUsers.Unique("dupslog") + ".log");
        await File.WriteAllTextAsync(file, $"{u1}\n# comment\n{u2}\n");
        var r = await Run("-S", $"127.0.0.1:{Server.ImapPort}", "-i", file, "-A", $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}",
            "-m", "INBOX", "-p", "-L", log);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["Total messages purged 3", "Total messages purged 4"], r.Lines.Where(l => l.StartsWith("Total", StringComparison.Ordinal)));
        Assert.Equal(["z1"], await SubjectsAsync(Server, u2, "INBOX"));
        Assert.Equal(5, (await MessagesAsync(Server, u1, "INBOX")).Count);
        Assert.Contains(await File.ReadAllLinesAsync(log), l => l.EndsWith(" Purging mailbox INBOX...1 messages purged", StringComparison.Ordinal));
        File.Delete(file);
        File.Delete(log);
    }

    [Fact]
    public async Task Bad_range_and_bad_login_are_one_line_errors()
    {
        var r = await Run("-S", Server.Conn("x"), "-r", "5:1");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("Invalid value for -r (range): '5:1', expected e.g. 1:1000 or 1:*", r.StdErr.Trim());
        var login = await Run("-S", $"127.0.0.1:{Server.ImapPort}/nobody/wrong");
        Assert.Equal(4, login.ExitCode);
        Assert.StartsWith("unexpected LOGIN response:", login.StdErr.Trim());
        Assert.Single(login.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Bad_connection_string_is_one_line_exit_2()
    {
        var port = await ToolRunner.RunAsync("delIMAPdups", new[] { "-S", "127.0.0.1:abc/u/p" });
        Assert.Equal(2, port.ExitCode);
        Assert.Equal("-S has an invalid port 'abc'", port.StdErr.Trim());
        var missing = await ToolRunner.RunAsync("delIMAPdups", new[] { "-d" });
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("-S is required: host[:port]/user/password", missing.StdErr.Trim());
    }
}
