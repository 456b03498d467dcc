using System.Globalization;
using ImapTools.TestBed;

namespace ImapTools.Tools.ListImapFolders.Tests;

public abstract class ListImapFoldersTestBase
{
    protected static async Task<ToolResult> Run(string dir, params string[] args) =>
        await ToolRunner.RunAsync("list_imap_folders", args, workingDirectory: dir);

    protected static string NewDir() => Directory.CreateTempSubdirectory("lif-").FullName;

    protected static string Mb(long bytes) => (bytes / 1e6).ToString("F2", CultureInfo.InvariantCulture);

    protected static readonly string[] SortedDisplay = ["Archive", "Archive/2010", "Café", "Drafts", "INBOX", "Old Stuff", "Sent"];

    protected static string Lines(params IEnumerable<string>[] parts) => string.Concat(parts.SelectMany(p => p).Select(l => l + "\n"));
}

[Collection(DovecotCollections.Pair)]
public class ListImapFoldersTests(DovecotPairFixture servers) : ListImapFoldersTestBase
{
    private readonly DovecotServer _server = servers.Source;

    private async Task<string> SeededAsync(string prefix)
    {
        string user = TestUsers.Unique(prefix);
        await ReportAccount.SeedAsync(_server, user);
        return user;
    }

    [Fact]
    public async Task Plain_listing_is_sorted_on_raw_names_and_decoded()
    {
        string user = await SeededAsync("lif");
        string dir = NewDir();
        var r = await Run(dir, "-S", _server.Conn(user));
        Assert.True(r.ExitCode == 0, r.ToString());
        string expected = Lines(["======================================", user, "Mailbox delimiter = /", "Mailbox prefix    = NONE", ""],
            SortedDisplay, ["======================================"]);
        Assert.Equal(expected, r.StdOut);
        Assert.True(File.Exists(Path.Combine(dir, "list_imap_folders.log")));
        Assert.False(File.Exists(Path.Combine(dir, "large_msg_report.list")));
    }

    [Fact]
    public async Task Statistics_and_large_message_report()
    {
        string user = await SeededAsync("lifs");
        var figures = await ReportAccount.FiguresAsync(_server, user);
        string dir = NewDir();
        var r = await Run(dir, "-S", _server.Conn(user), "-s", "-U", "100000");
        Assert.True(r.ExitCode == 0, r.ToString());
        double totalMb = SortedDisplay.Sum(n => double.Parse(Mb(figures[n].Bytes), CultureInfo.InvariantCulture));
        string expected = Lines(["======================================", user, "Mailbox delimiter = /", "Mailbox prefix    = NONE", ""],
            SortedDisplay.Select(n => $"{n}   ({figures[n].Count} msgs, {Mb(figures[n].Bytes)} MB)"),
            ["", $"Total bytes   {(totalMb / 1000).ToString("F2", CultureInfo.InvariantCulture)} GB",
             $"Total msgs    {figures.Values.Sum(f => f.Count)}", "======================================"]);
        Assert.Equal(expected, r.StdOut);
        Assert.Contains("INBOX   (3 msgs, 0.1", r.StdOut);
        Assert.Contains("Drafts   (0 msgs, 0.00 MB)", r.StdOut);

        var big = figures["INBOX"].Messages.Single(m => m.Size > 100000);
        Assert.Equal("big one", big.Subject);
        Assert.Equal(Lines(["Large message report ", "======================================", user,
                $"INBOX   ({(big.Size / 1e6).ToString("F1", CultureInfo.InvariantCulture)} MB) big one"]),
            File.ReadAllText(Path.Combine(dir, "large_msg_report.list")));
        Assert.Equal("Large messages will be written to large_msg_report.list\n\nLarge message report has been written to large_msg_report.list\n", r.StdErr);
        Assert.Contains("Large message report has been written", File.ReadAllText(Path.Combine(dir, "list_imap_folders.log")));
    }

    [Fact]
    public async Task Output_file_gets_the_folder_lines_and_stdout_the_headers_and_totals()
    {
        string user = await SeededAsync("lifo");
        var figures = await ReportAccount.FiguresAsync(_server, user);
        string dir = NewDir();
        var r = await Run(dir, "-S", _server.Conn(user), "-s", "-O", "out.txt");
        Assert.True(r.ExitCode == 0, r.ToString());
        double totalMb = SortedDisplay.Sum(n => double.Parse(Mb(figures[n].Bytes), CultureInfo.InvariantCulture));
        string[] totals = [$"Total bytes   {(totalMb / 1000).ToString("F2", CultureInfo.InvariantCulture)} GB", $"Total msgs    {figures.Values.Sum(f => f.Count)}"];
        string[] head = ["======================================", user, "Mailbox delimiter = /", "Mailbox prefix    = NONE"];
        Assert.Equal(Lines(head, [""], [""], totals, ["Wrote list of mailboxes to out.txt", "======================================"]), r.StdOut);
        Assert.Equal(Lines(head, SortedDisplay.Select(n => $"{n}   ({figures[n].Count} msgs, {Mb(figures[n].Bytes)} MB)"), [""], totals,
            ["======================================"]), File.ReadAllText(Path.Combine(dir, "out.txt")));
    }

    [Fact]
    public async Task Users_file_one_failing_login_does_not_stop_the_others()
    {
        string a = await SeededAsync("lifa");
        string b = await SeededAsync("lifb");
        string dir = NewDir();
        File.WriteAllText(Path.Combine(dir, "users"), $"# comment\n{a}:{DovecotServer.Password}\n\n{"bad"}:Wr0ngPw\n {"#"}old\n{b}:{DovecotServer.Password}\n");
        var r = await Run(dir, "-S", $"{_server.Host}:{_server.ImapPort}", "-l", "users");
        Assert.Equal(4, r.ExitCode);
        string section(string u) => Lines(["======================================", u, "Mailbox delimiter = /", "Mailbox prefix    = NONE", ""], SortedDisplay, ["======================================"]);
        Assert.Equal(section(a) + Lines(["======================================", "bad", "Login failed for bad"]) + section(b), r.StdOut);
        Assert.DoesNotContain("Wr0ngPw", r.StdOut + r.StdErr);
    }

    [Fact]
    public async Task Admin_login_for_bare_user_names()
    {
        string a = await SeededAsync("lifadm");
        string dir = NewDir();
        File.WriteAllText(Path.Combine(dir, "users"), a + "\n");
        var r = await Run(dir, "-S", $"{_server.Host}:{_server.ImapPort}", "-l", "users", "-A", $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}", "-I");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Café\n", r.StdOut);
        Assert.Contains("AUTHENTICATE PLAIN", r.StdErr);
        Assert.DoesNotContain(DovecotServer.MasterPassword, r.StdErr + File.ReadAllText(Path.Combine(dir, "list_imap_folders.log")));

        var bad = await Run(dir, "-S", $"{_server.Host}:{_server.ImapPort}", "-l", "users", "-A", $"{DovecotServer.MasterUser}:nope");
        Assert.Equal(4, bad.ExitCode);
        Assert.StartsWith("unexpected LOGIN response", bad.StdErr.Split('\n').Last(l => l.Length > 0));
    }

    [Fact]
    public async Task Usage_errors_and_unwritable_output()
    {
        string dir = NewDir();
        var none = await Run(dir);
        Assert.Equal(2, none.ExitCode);
        Assert.Equal(Program.Usage, none.StdErr);
        Assert.Equal("", none.StdOut);

        var help = await Run(dir, "-h");
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith(Program.Usage, help.StdErr);

        var unknown = await Run(dir, "-S", "h/u/p", "-B");
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("Unknown option: B\n" + Program.Usage, unknown.StdErr);

        string user = await SeededAsync("lifx");
        var bad = await Run(dir, "-S", _server.Conn(user), "-O", "/nonexistent-dir/out.txt");
        Assert.Equal(5, bad.ExitCode);
        Assert.StartsWith("Can't open output file /nonexistent-dir/out.txt:", bad.StdErr);

        var missing = await Run(dir, "-S", $"{_server.Host}:{_server.ImapPort}", "-l", "nope.txt");
        Assert.Equal(5, missing.ExitCode);
        Assert.StartsWith("Error opening nope.txt:", missing.StdErr);
    }
}

[Collection(DovecotCollections.Mixed)]
public class ListImapFoldersPrefixTests(DovecotMixedFixture servers) : ListImapFoldersTestBase
{
    [Fact]
    public async Task Prefix_is_shown_and_removed_and_the_delimiter_becomes_a_slash()
    {
        var server = servers.Destination;
        string user = TestUsers.Unique("lifp");
        await ReportAccount.SeedAsync(server, user);
        var figures = await ReportAccount.FiguresAsync(server, user);
        var r = await Run(NewDir(), "-S", server.Conn(user), "-s");
        Assert.True(r.ExitCode == 0, r.ToString());
        // Raw names sort as INBOX, INBOX.Archive, ... so INBOX comes first.
        string[] order = ["INBOX", "Archive", "Archive/2010", "Café", "Drafts", "Old Stuff", "Sent"];
        var lines = r.StdOut.Split('\n');
        Assert.Equal(["Mailbox delimiter = .", "Mailbox prefix    = INBOX.", ""], lines[2..5]);
        Assert.Equal(order.Select(n => $"{n}   ({figures[n].Count} msgs, {Mb(figures[n].Bytes)} MB)"), lines[5..12]);
    }
}
