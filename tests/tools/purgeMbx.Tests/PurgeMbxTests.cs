using ImapTools.TestBed;
using MailKit;
using static ImapTools.TestBed.CleanupTestKit;

namespace ImapTools.Tools.PurgeMbx.Tests;

[Collection(DovecotCollections.Pair)]
public sealed class PurgeMbxTests(DovecotPairFixture fx)
{
    private DovecotServer Server => fx.Source;

    private static Task<ToolResult> Run(params string[] args) => ToolRunner.RunAsync("purgeMbx", args);

    private async Task<string> SeedAsync()
    {
        string user = TestUsers.Unique("purge");
        await AppendAsync(Server, user, "INBOX", (Mail("i1", "in 1"), MessageFlags.Seen), (Mail("i2", "in 2"), MessageFlags.Deleted), (Mail("i3", "in 3"), MessageFlags.Flagged));
        await AppendAsync(Server, user, "Sent", Mail("s1", "sent 1"), Mail("s2", "sent 2"));
        await AppendAsync(Server, user, "Caf\u00e9", Mail("c1", "cafe"));
        await CreateFolderAsync(Server, user, "Drafts");
        return user;
    }

    [Fact]
    public async Task Purges_one_mailbox_and_nothing_else()
    {
        string user = await SeedAsync();
        var r = await Run("-s", Server.Conn(user), "-m", "INBOX");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["purgeMbx starting", $"Connected to 127.0.0.1 on port {Server.ImapPort}", "Purging the \"INBOX\" mailbox",
            "3 messages were deleted from \"INBOX\" mailbox"], r.Lines);
        Assert.Empty(await MessagesAsync(Server, user, "INBOX"));
        Assert.Equal(["sent 1", "sent 2"], await SubjectsAsync(Server, user, "Sent"));
        Assert.Equal(["Caf\u00e9", "Drafts", "INBOX", "Sent"], await FoldersAsync(Server, user));
    }

    [Fact]
    public async Task Star_purges_every_mailbox_with_the_cumulative_count()
    {
        string user = await SeedAsync();
        var r = await Run("-s", Server.Conn(user), "-m", "*");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Drafts mailbox is empty", r.Lines);
        Assert.Matches("^6 messages were deleted from \".+\" mailbox$", r.Lines[^1]);
        Assert.Contains("Purging the \"Caf&AOk-\" mailbox", r.Lines);
        foreach (var f in new[] { "INBOX", "Sent", "Caf\u00e9", "Drafts" })
            Assert.Empty(await MessagesAsync(Server, user, f));
        Assert.Equal(["Caf\u00e9", "Drafts", "INBOX", "Sent"], await FoldersAsync(Server, user));
    }

    [Fact]
    public async Task Raw_utf7_name_and_admin_login()
    {
        string user = await SeedAsync();
        var r = await Run("-s", $"127.0.0.1:{Server.ImapPort}/{user}/x", "-A", $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}", "-m", "Caf&AOk-");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("1 messages were deleted from \"Caf&AOk-\" mailbox", r.Lines[^1]);
        Assert.Empty(await MessagesAsync(Server, user, "Caf\u00e9"));
        Assert.Equal(3, (await MessagesAsync(Server, user, "INBOX")).Count);
    }

    [Fact]
    public async Task Missing_mailbox_is_reported_and_exit_1()
    {
        string user = await SeedAsync();
        var r = await Run("-s", Server.Conn(user), "-m", "Nope");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("unexpected response: NO Mailbox doesn't exist: Nope", r.StdErr.Trim());
        Assert.Equal(3, (await MessagesAsync(Server, user, "INBOX")).Count);
    }

    [Fact]
    public async Task Missing_m_prints_usage_exit_2()
    {
        var r = await Run("-s", Server.Conn("whoever"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("usage:\n purgeMbx -s host/user/pwd -m <mbx>", r.StdOut);
    }

    [Fact]
    public async Task Debug_turns_on_the_trace_without_the_password()
    {
        string user = await SeedAsync();
        var r = await Run("-s", Server.Conn(user), "-m", "Drafts", "-d");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(r.Lines, l => l.StartsWith(">> ", StringComparison.Ordinal));
        Assert.Contains("Drafts mailbox is empty", r.Lines);
        Assert.DoesNotContain(DovecotServer.Password, r.StdOut);
    }

    [Fact]
    public async Task Bad_connection_string_is_one_line_exit_2()
    {
        var port = await ToolRunner.RunAsync("purgeMbx", new[] { "-s", "127.0.0.1:abc/u/p", "-m", "INBOX" });
        Assert.Equal(2, port.ExitCode);
        Assert.Equal("-s has an invalid port 'abc'", port.StdErr.Trim());
        var missing = await ToolRunner.RunAsync("purgeMbx", new[] { "-d", "-m", "INBOX" });
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("-s is required: host[:port]/user/password", missing.StdErr.Trim());
    }
}
