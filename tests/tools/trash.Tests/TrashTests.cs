using ImapTools.TestBed;
using MailKit;
using static ImapTools.TestBed.CleanupTestKit;

namespace ImapTools.Tools.Trash.Tests;

[Collection(DovecotCollections.Pair)]
public sealed class TrashTests(DovecotPairFixture fx)
{
    private DovecotServer Server => fx.Source;

    private static Task<ToolResult> Run(params string[] args) => ToolRunner.RunAsync("trash", args);

    private async Task<string> SeedAsync()
    {
        string user = TestUsers.Unique("trash");
        await AppendAsync(Server, user, "INBOX", (Mail("i1", "keep 1"), MessageFlags.Seen), (Mail("i2", "gone 1"), MessageFlags.Deleted | MessageFlags.Seen),
            (Mail("i3", "keep 2"), MessageFlags.None));
        await AppendAsync(Server, user, "Sent Items", (Mail("s1", "gone 2"), MessageFlags.Deleted), (Mail("s2", "keep 3"), MessageFlags.Flagged));
        await AppendAsync(Server, user, "Drafts", (Mail("d1", "gone 3"), MessageFlags.Deleted | MessageFlags.Draft));
        return user;
    }

    [Fact]
    public async Task Moves_exactly_the_deleted_messages_into_a_new_trash_folder()
    {
        string user = await SeedAsync();
        var r = await Run("-S", Server.Conn(user));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.StdOut.Split('\n')[0]);
        Assert.Equal(["trash starting", "There are 1 users", user], r.Lines[..3]);
        Assert.Equal("   Moved 1 messages from INBOX to Trash", r.Lines[3]);
        Assert.Contains("   Moved 1 messages from Sent Items to Trash", r.Lines);
        Assert.Contains("   Moved 1 messages from Drafts to Trash", r.Lines);
        Assert.Equal(["3 messages were moved to Trash", "Done.", "Summary:", "   Users processed  1", "   Messages moved   3"], r.Lines[^5..]);
        Assert.Equal(["keep 1", "keep 2"], await SubjectsAsync(Server, user, "INBOX"));
        Assert.Equal(["keep 3"], await SubjectsAsync(Server, user, "Sent Items"));
        Assert.Empty(await MessagesAsync(Server, user, "Drafts"));
        var trash = await MessagesAsync(Server, user, "Trash");
        Assert.Equal(["gone 1", "gone 2", "gone 3"], trash.Select(m => m.Subject).Order(StringComparer.Ordinal));
        Assert.All(trash, m => Assert.True(m.Deleted, "the moved copy keeps \\Deleted (as the original's COPY did)"));
        Assert.Contains(trash, m => m.Subject == "gone 3" && m.Flags.HasFlag(MessageFlags.Draft));
    }

    [Fact]
    public async Task Empty_flag_expunges_the_flagged_trash_messages_and_keeps_the_others()
    {
        string user = await SeedAsync();
        await AppendAsync(Server, user, "Deleted Items", (Mail("t1", "kept in trash"), MessageFlags.Seen), (Mail("t2", "flagged in trash"), MessageFlags.Deleted));
        var r = await Run("-S", Server.Conn(user), "-t", "Deleted Items", "-e");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("3 messages were moved to Deleted Items", r.Lines);
        Assert.Contains("The Deleted Items mailbox has been emptied", r.Lines);
        Assert.Equal(["kept in trash"], await SubjectsAsync(Server, user, "Deleted Items"));
        Assert.Equal(["keep 1", "keep 2"], await SubjectsAsync(Server, user, "INBOX"));
        Assert.DoesNotContain("Trash", await FoldersAsync(Server, user));
    }

    [Fact]
    public async Task Mailbox_list_is_trimmed_and_limits_the_run()
    {
        string user = await SeedAsync();
        var r = await Run("-S", Server.Conn(user), "-m", " INBOX, Sent Items ", "-v");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("   Checking mailbox INBOX", r.Lines);
        Assert.Contains("   Checking mailbox Sent Items", r.Lines);
        Assert.DoesNotContain("   Checking mailbox Drafts", r.Lines);
        Assert.Contains("2 messages were moved to Trash", r.Lines);
        var drafts = await MessagesAsync(Server, user, "Drafts");
        Assert.True(drafts.Single().Deleted);
    }

    [Fact]
    public async Task Users_file_with_admin_login_processes_every_user()
    {
        string u1 = await SeedAsync();
        string u2 = TestUsers.Unique("trash");
        await AppendAsync(Server, u2, "INBOX", (Mail("x", "u2 gone"), MessageFlags.Deleted), (Mail("y", "u2 keep"), MessageFlags.None));
        string file = Path.Combine(Path.GetTempPath(), TestUsers.Unique("users") + ".txt");
        await File.WriteAllTextAsync(file, $"# users\n{u1}\n\n  {u2}\r\n");
        var r = await Run("-S", $"127.0.0.1:{Server.ImapPort}", "-i", file, "-a", $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}");
        File.Delete(file);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("There are 2 users", r.Lines);
        Assert.Equal(["Users processed  2", "Messages moved   4"], r.Lines[^2..].Select(l => l.Trim()));
        Assert.Equal(["u2 keep"], await SubjectsAsync(Server, u2, "INBOX"));
        Assert.Equal(["u2 gone"], await SubjectsAsync(Server, u2, "Trash"));
    }

    [Fact]
    public async Task A_user_whose_login_fails_is_skipped_with_exit_6()
    {
        string u1 = await SeedAsync();
        string file = Path.Combine(Path.GetTempPath(), TestUsers.Unique("users") + ".txt");
        await File.WriteAllTextAsync(file, $"nobody wrongpw\n{u1} {DovecotServer.Password}\n");
        var r = await Run("-S", $"127.0.0.1:{Server.ImapPort}", "-i", file);
        File.Delete(file);
        Assert.Equal(6, r.ExitCode);
        Assert.StartsWith("unexpected LOGIN response:", r.StdErr.Trim());
        Assert.Contains("   Users processed  1", r.Lines);
        Assert.Equal(["keep 1", "keep 2"], await SubjectsAsync(Server, u1, "INBOX"));
    }

    [Fact]
    public async Task Missing_users_file_is_one_line_exit_5()
    {
        var r = await Run("-S", $"127.0.0.1:{Server.ImapPort}", "-i", "/nonexistent/users.txt");
        Assert.Equal(5, r.ExitCode);
        Assert.StartsWith("Error opening userlist /nonexistent/users.txt:", r.StdErr.Trim());
        Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Trace_only_with_I_and_never_the_password()
    {
        string user = await SeedAsync();
        var quiet = await Run("-S", Server.Conn(user), "-m", "Drafts");
        Assert.DoesNotContain(quiet.Lines, l => l.StartsWith(">> ", StringComparison.Ordinal));
        var traced = await Run("-S", Server.Conn(user), "-I", "-m", "INBOX");
        Assert.True(traced.ExitCode == 0, traced.ToString());
        Assert.Contains(traced.Lines, l => l.StartsWith(">> ", StringComparison.Ordinal));
        Assert.DoesNotContain(DovecotServer.Password, traced.StdOut);
    }

    [Fact]
    public async Task Bad_connection_string_is_one_line_exit_2()
    {
        var port = await ToolRunner.RunAsync("trash", new[] { "-S", "127.0.0.1:abc/u/p" });
        Assert.Equal(2, port.ExitCode);
        Assert.Equal("-S has an invalid port 'abc'", port.StdErr.Trim());
        var missing = await ToolRunner.RunAsync("trash", new[] { "-d" });
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("-S is required: host[:port]/user/password", missing.StdErr.Trim());
    }
}
