using ImapTools.TestBed;
using static ImapTools.TestBed.CleanupTestKit;

namespace ImapTools.Tools.ImapSearch.Tests;

[Collection(DovecotCollections.Pair)]
public sealed class ImapSearchTests(DovecotPairFixture fx)
{
    private const string Header14 = "Folder        " + "    Date                          " + "Subject                  ";
    private static readonly string Separator = new('=', 83);

    private DovecotServer Server => fx.Source;

    private static Task<ToolResult> Run(params string[] args) => ToolRunner.RunAsync("imap_search", args);

    private static Task<ToolResult> RunIn(string dir, params string[] args) => ToolRunner.RunAsync("imap_search", args, workingDirectory: dir);

    private async Task<string> SeedAsync()
    {
        string user = TestUsers.Unique("search");
        await AppendAsync(Server, user, "INBOX",
            Mail("1@x", "hello world", from: "alice@example.org", date: "Tue, 20 Sep 2011 21:57:09 -0600"),
            Mail("2@x", "other", from: "bob@example.org"),
            Mail("3@x", "say \"hi\" there", from: "carol@example.org"));
        await AppendAsync(Server, user, "Sent", Mail("4@x", "sent 1", from: "alice@example.org", date: "Tue, 20 Sep 2011 21:57:09 -0600"));
        await AppendAsync(Server, user, "Caf\u00e9", Mail("5@x", "cafe msg", from: "alice@example.org", date: "Mon, 1 Jan 2001 10:00:00 GMT"));
        await AppendAsync(Server, user, "Archive/2010", Mail("6@x", "arch2010", from: "Alice <alice@example.org>", date: "20 Sep 2011 21:57:09 +0000"));
        await AppendAsync(Server, user, "Drafts", Mail("7@x", "draft", from: "dave@example.org"));
        return user;
    }

    private static string Row(string folder, int width, string date, string subject) => folder.PadRight(width) + date.PadRight(26) + "   " + subject;

    [Fact]
    public async Task All_folders_prints_the_legacy_table_of_exactly_the_planted_hits()
    {
        string user = await SeedAsync();
        var r = await Run(Server.Conn(user), "from=alice");
        Assert.True(r.ExitCode == 0, r.ToString());
        string[] lines = r.StdOut.Split('\n');
        Assert.Equal(["", "Searching for from \"alice\" in all folders", "", "", Header14, Separator], lines[..6]);
        Assert.Equal("", lines[^1]);
        var rows = lines[6..^1];
        Assert.Equal(Row("INBOX", 14, "20 Sep 2011 21:57:09 ", "hello world"), rows[0]);
        Assert.Equal(new[]
        {
            Row("Archive/2010", 14, "20 Sep 2011 21:57:09 ", "arch2010"),
            Row("Caf&AOk-", 14, "1 Jan 2001 10:00:00 GMT", "cafe msg"),
            Row("INBOX", 14, "20 Sep 2011 21:57:09 ", "hello world"),
            Row("Sent", 14, "20 Sep 2011 21:57:09 ", "sent 1"),
        }, rows.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Single_folder_form_and_quoted_values()
    {
        string user = await SeedAsync();
        var r = await Run(Server.Conn(user) + ":INBOX", "subject=hello");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("\nSearching for subject \"hello\" in INBOX folder\n\n" +
                     "Folder     Date                          Subject                  \n" + Separator + "\n" +
                     "INBOX  20 Sep 2011 21:57:09         hello world\n", r.StdOut);
        var q = await Run(Server.Conn(user) + ":INBOX", "subject=say \"hi\"");
        Assert.True(q.ExitCode == 0, q.ToString());
        Assert.EndsWith("   say \"hi\" there\n", q.StdOut);
        Assert.Single(q.StdOut.Split('\n'), l => l.StartsWith("INBOX ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_matches()
    {
        string user = await SeedAsync();
        var r = await Run(Server.Conn(user) + ":Sent", "subject=zzzz");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("\nSearching for subject \"zzzz\" in Sent folder\n\nNo matches were found\n", r.StdOut);
    }

    [Fact]
    public async Task Or_not_and_are_evaluated_by_the_server()
    {
        string user = await SeedAsync();
        var or = await Run(Server.Conn(user), "OR", "from=bob", "subject=draft");
        Assert.True(or.ExitCode == 0, or.ToString());
        Assert.Contains("Searching for OR from \"bob\" subject \"draft\" in all folders", or.Lines);
        const string date = "1 Jan 2018 10:00:00 ";
        Assert.Equal([Row("Drafts", 8, date, "draft"), Row("INBOX", 8, date, "other")],
            or.StdOut.Split('\n')[6..^1].Order(StringComparer.Ordinal));
        var not = await Run(Server.Conn(user) + ":INBOX", "NOT", "from=alice", "AND", "NOT", "from=carol");
        Assert.True(not.ExitCode == 0, not.ToString());
        Assert.Contains("Searching for NOT from \"alice\" NOT from \"carol\" in INBOX folder", not.Lines);
        Assert.Equal(Row("INBOX", 7, date, "other"), not.Lines[^1]);
        Assert.Single(not.Lines, l => l.StartsWith("INBOX ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task User_form_takes_host_and_admin_from_the_config_file_in_the_current_directory()
    {
        string user = await SeedAsync();
        string dir = Directory.CreateTempSubdirectory("imap_search").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "imap_search.cf"),
            $"# test config\nserver: 127.0.0.1:{Server.ImapPort}\n admin_user : {DovecotServer.MasterUser}\nadmin_pwd: {DovecotServer.MasterPassword}\n");
        var r = await RunIn(dir, user + ":Sent", "from=alice");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Row("Sent", 6, "20 Sep 2011 21:57:09 ", "sent 1"), r.Lines[^1]);
        var explicitForm = await RunIn(dir, $"127.0.0.1:{Server.ImapPort}/{user}/{DovecotServer.Password}:INBOX", "from=bob");
        Assert.True(explicitForm.ExitCode == 0, explicitForm.ToString());
        Assert.EndsWith("   other", explicitForm.Lines[^1]);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Config_option_and_admin_form_in_the_access_string()
    {
        string user = await SeedAsync();
        string file = Path.Combine(Path.GetTempPath(), TestUsers.Unique("cf") + ".cf");
        await File.WriteAllTextAsync(file, $"server: 127.0.0.1:{Server.ImapPort}\nadmin_user: nobody\nadmin_pwd: unused\n");
        var r = await Run("--config", file, $"127.0.0.1:{Server.ImapPort}/{user}:{DovecotServer.MasterUser}/{DovecotServer.MasterPassword}:INBOX", "subject=hello");
        File.Delete(file);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.EndsWith("   hello world", r.Lines[^1]);
    }

    [Fact]
    public async Task User_form_without_a_config_file_is_one_line_exit_5()
    {
        string dir = Directory.CreateTempSubdirectory("imap_search").FullName;
        var r = await RunIn(dir, "john:INBOX", "subject=x");
        Directory.Delete(dir, true);
        Assert.Equal(5, r.ExitCode);
        Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("needs a config file imap_search.cf", r.StdErr);
    }

    [Fact]
    public async Task Malformed_config_file_names_the_line()
    {
        string file = Path.Combine(Path.GetTempPath(), TestUsers.Unique("cf") + ".cf");
        await File.WriteAllTextAsync(file, "server: localhost\nthis line has no colon\n");
        var r = await Run("--config", file, "john", "subject=x");
        File.Delete(file);
        Assert.Equal(5, r.ExitCode);
        Assert.Equal($"Error at line 2 in {file}: expected 'key: value' (server, admin_user, admin_pwd)", r.StdErr.Trim());
    }

    [Fact]
    public async Task Bad_search_key_missing_folder_and_usage()
    {
        string user = await SeedAsync();
        var bad = await Run(Server.Conn(user), "foo=bar");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("Invalid SEARCH expression 'foo \"bar\"': unknown search key 'foo'", bad.StdErr.Trim());
        var missing = await Run(Server.Conn(user) + ":Nope", "from=alice");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error examining Nope: NO Mailbox doesn't exist: Nope", missing.StdErr.Trim());
        var usage = await Run(Server.Conn(user));
        Assert.Equal(2, usage.ExitCode);
        Assert.StartsWith("\nUsage: imap_search <host[:port]/user/password[:mbx]>", usage.StdOut);
    }
}
