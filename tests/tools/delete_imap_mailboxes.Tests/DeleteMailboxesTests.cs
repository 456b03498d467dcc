using ImapTools.TestBed;
using MailKit;
using static ImapTools.TestBed.CleanupTestKit;

namespace ImapTools.Tools.DeleteImapMailboxes.Tests;

[Collection(DovecotCollections.Mixed)]
public sealed class DeleteMailboxesTests(DovecotMixedFixture fx)
{
    private static Task<ToolResult> Run(params string[] args) => ToolRunner.RunAsync("delete_imap_mailboxes", args);

    private async Task<string> SeedAsync(DovecotServer server)
    {
        string user = TestUsers.Unique("delmbx");
        await AppendAsync(server, user, "INBOX", (Mail("i1", "inbox one"), MessageFlags.None), (Mail("i2", "inbox two"), MessageFlags.Seen));
        await AppendAsync(server, user, "Archive", Mail("a1", "arch"));
        await AppendAsync(server, user, "Archive/2010", Mail("a2", "arch2010"));
        await AppendAsync(server, user, "Old Stuff", Mail("o1", "old"));
        await AppendAsync(server, user, "Sent", Mail("s1", "sent"));
        await AppendAsync(server, user, "Archiv", Mail("x1", "archiv"));
        return user;
    }

    [Fact]
    public async Task TestMode_lists_matches_children_first_and_changes_nothing()
    {
        string user = await SeedAsync(fx.Source);
        var before = await FoldersAsync(fx.Source, user);
        var r = await Run("-S", fx.Source.Conn(user), "-m", "^Arch|Old", "-t");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["delete_imap_mailboxes starting", $"Connected to 127.0.0.1 on port {fx.Source.ImapPort}",
            "Would have deleted Old Stuff", "Would have deleted Archive/2010", "Would have deleted Archive", "Would have deleted Archiv"], r.Lines);
        Assert.Equal(before, await FoldersAsync(fx.Source, user));
        Assert.Equal(["inbox one", "inbox two"], await SubjectsAsync(fx.Source, user, "INBOX"));
    }

    [Fact]
    public async Task Live_run_deletes_matches_and_empties_but_keeps_inbox()
    {
        string user = await SeedAsync(fx.Source);
        var r = await Run("-S", fx.Source.Conn(user), "-m", "^INBOX|^Archive");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["delete_imap_mailboxes starting", $"Connected to 127.0.0.1 on port {fx.Source.ImapPort}",
            "INBOX cannot be deleted, purging it instead", "Purging mailbox INBOX", "Expunging mailbox INBOX",
            "Successfully deleted Archive/2010", "Successfully deleted Archive"], r.Lines);
        Assert.Equal(["Archiv", "INBOX", "Old Stuff", "Sent"], await FoldersAsync(fx.Source, user));
        Assert.Empty(await MessagesAsync(fx.Source, user, "INBOX"));
        Assert.Equal(["old"], await SubjectsAsync(fx.Source, user, "Old Stuff"));
    }

    [Fact]
    public async Task Keep_inbox_flag_leaves_inbox_untouched()
    {
        string user = await SeedAsync(fx.Source);
        var r = await Run("-S", fx.Source.Conn(user), "-m", "^INBOX$|^Sent$", "-P");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain(r.Lines, l => l.Contains("INBOX"));
        Assert.Contains("Successfully deleted Sent", r.Lines);
        Assert.Equal(["inbox one", "inbox two"], await SubjectsAsync(fx.Source, user, "INBOX"));
        Assert.DoesNotContain("Sent", await FoldersAsync(fx.Source, user));
    }

    [Fact]
    public async Task Test_mode_reports_inbox_as_purged()
    {
        string user = await SeedAsync(fx.Source);
        var r = await Run("-S", fx.Source.Conn(user), "-m", "INBOX", "-t");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("Would have purged INBOX", r.Lines[^1]);
        Assert.Equal(2, (await MessagesAsync(fx.Source, user, "INBOX")).Count);
    }

    [Fact]
    public async Task Anchored_pattern_matches_without_the_namespace_prefix()
    {
        string user = await SeedAsync(fx.Destination);
        var r = await Run("-S", fx.Destination.Conn(user), "-m", "^Archive");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Successfully deleted INBOX.Archive.2010", r.Lines);
        Assert.Contains("Successfully deleted INBOX.Archive", r.Lines);
        Assert.Equal(["Archiv", "INBOX", "Old Stuff", "Sent"], await FoldersAsync(fx.Destination, user));
        Assert.Equal(2, (await MessagesAsync(fx.Destination, user, "INBOX")).Count);
    }

    [Fact]
    public async Task Admin_login_with_A_and_log_file()
    {
        string user = await SeedAsync(fx.Source);
        string log = Path.Combine(Path.GetTempPath(), TestUsers.Unique("dellog") + ".log");
        var r = await Run("-S", $"127.0.0.1:{fx.Source.ImapPort}/{user}/unused", "-A", $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}",
            "-m", "^Old", "-L", log);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("Old Stuff", await FoldersAsync(fx.Source, user));
        var lines = await File.ReadAllLinesAsync(log);
        Assert.Matches(@"^\d\d-\d\d-\d{4}\.\d\d:\d\d:\d\d Successfully deleted Old Stuff$", lines[^1]);
        File.Delete(log);
    }

    [Fact]
    public async Task Missing_m_prints_usage_and_deletes_nothing()
    {
        string user = await SeedAsync(fx.Source);
        var before = await FoldersAsync(fx.Source, user);
        var r = await Run("-S", fx.Source.Conn(user));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("usage: delete_imap_mailboxes", r.StdOut);
        Assert.Equal(before, await FoldersAsync(fx.Source, user));
    }

    [Fact]
    public async Task Bad_regex_is_one_line_and_exit_2()
    {
        string user = await SeedAsync(fx.Source);
        var r = await Run("-S", fx.Source.Conn(user), "-m", "(Arch");
        Assert.Equal(2, r.ExitCode);
        var err = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(err);
        Assert.StartsWith("Invalid regular expression '(Arch' in -m:", err[0]);
        Assert.Contains("Archive", await FoldersAsync(fx.Source, user));
    }

    [Fact]
    public async Task Wrong_password_is_one_line_and_exit_4()
    {
        var r = await Run("-S", $"127.0.0.1:{fx.Source.ImapPort}/nobody/wrong", "-m", "x");
        Assert.Equal(4, r.ExitCode);
        Assert.StartsWith("unexpected LOGIN response:", r.StdErr.Trim());
        Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Bad_connection_string_is_one_line_exit_2()
    {
        var port = await ToolRunner.RunAsync("delete_imap_mailboxes", new[] { "-S", "127.0.0.1:abc/u/p", "-m", "x" });
        Assert.Equal(2, port.ExitCode);
        Assert.Equal("-S has an invalid port 'abc'", port.StdErr.Trim());
        var missing = await ToolRunner.RunAsync("delete_imap_mailboxes", new[] { "-d", "-m", "x" });
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("-S is required: host[:port]/user/password", missing.StdErr.Trim());
    }
}
