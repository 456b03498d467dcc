using System.Globalization;
using System.Text.RegularExpressions;
using ImapTools.TestBed;

namespace ImapTools.Tools.ListAccountSizes.Tests;

public abstract class ListAccountSizesTestBase
{
    protected static Task<ToolResult> Run(string dir, string? stdin, params string[] args) =>
        ToolRunner.RunAsync("list_account_sizes", args, workingDirectory: dir, stdin: stdin);

    protected static string NewDir() => Directory.CreateTempSubdirectory("las-").FullName;

    /// <summary>The summing-mode figure computed independently: per folder round(bytes/1e6, 2), summed, printed like %.15g.</summary>
    protected static async Task<string> SummedAsync(DovecotServer server, string user)
    {
        var figures = await ReportAccount.FiguresAsync(server, user);
        double sum = figures.Values.Sum(f => Math.Round(f.Bytes / 1e6, 2, MidpointRounding.ToEven));
        return sum == 0 ? "0" : sum.ToString("G15", CultureInfo.InvariantCulture);
    }

    protected static string Row(string size, string user) => size.PadLeft(10).PadRight(18) + user;

    protected const string Header = "  SIZE (MB)       USER      ";
    protected static readonly string Rule = new('=', 50);

    protected static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));
}

[Collection(DovecotCollections.Pair)]
public class ListAccountSizesTests(DovecotPairFixture servers) : ListAccountSizesTestBase
{
    private readonly DovecotServer _server = servers.Source;
    private string HostPort => $"{_server.Host}:{_server.ImapPort}";

    private async Task<string> SeededAsync(string prefix)
    {
        string user = TestUsers.Unique(prefix);
        await ReportAccount.SeedAsync(_server, user);
        return user;
    }

    [Fact]
    public async Task Single_account_summing_mode_report_on_stdout_and_in_the_file()
    {
        string user = await SeededAsync("las");
        string size = await SummedAsync(_server, user);
        Assert.Matches(@"^0\.1[0-9]+$", size);
        string dir = NewDir();
        var r = await Run(dir, null, "-S", _server.Conn(user), "-N");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Lines(Header, Rule, Row(size, user), "", "", "Totals", "=================", "Users    1", $"Bytes    {size} MB", "",
            "The report was written to list_account_sizes.report"), r.StdOut);
        Assert.Equal(Lines(Header, Rule, Row(size, user), "Totals", "=================", "Users    1", $"Bytes    {size} MB"),
            File.ReadAllText(Path.Combine(dir, "list_account_sizes.report")));
        Assert.Equal("", r.StdErr);
    }

    [Fact]
    public async Task Users_file_rows_sorted_largest_first_failures_counted_and_reported()
    {
        string big = await SeededAsync("lasbig");
        string empty = TestUsers.Unique("lasempty");
        using (var c = await _server.ConnectAsync(empty)) await c.DisconnectAsync(true);
        string bigSize = await SummedAsync(_server, big);
        string dir = NewDir();
        File.WriteAllText(Path.Combine(dir, "users"), $"# accounts\n{empty}:{DovecotServer.Password}\n\n  {big}:{DovecotServer.Password}\nbad:Wr0ng\n");
        var r = await Run(dir, null, "-S", HostPort, "-u", "users", "-N");
        Assert.Equal(4, r.ExitCode);
        Assert.Equal(Lines(Header, Rule, Row(bigSize, big), Row("0", empty), "", "", "Totals", "=================", "Users    3",
            $"Bytes    {bigSize} MB", "", "The report was written to list_account_sizes.report"), r.StdOut);
        Assert.Matches("^unexpected LOGIN response: .*\\(bad\\)\n$", r.StdErr);
        Assert.DoesNotContain("Wr0ng", r.StdOut + r.StdErr);
    }

    [Fact]
    public async Task Without_quota_the_original_question_is_asked()
    {
        string user = await SeededAsync("lasq");
        string dir = NewDir();
        var no = await Run(dir, "N\n", "-S", _server.Conn(user));
        Assert.Equal(0, no.ExitCode);
        Assert.Equal(Program.NoQuotaPrompt, no.StdOut);
        Assert.EndsWith("Do you want to continue?  [Y or N]   ", no.StdOut);
        Assert.False(File.Exists(Path.Combine(dir, "list_account_sizes.report")));

        var yes = await Run(dir, "y\n", "-S", _server.Conn(user));
        Assert.True(yes.ExitCode == 0, yes.ToString());
        Assert.StartsWith(Program.NoQuotaPrompt + Header + "\n", yes.StdOut);
        Assert.Contains(Row(await SummedAsync(_server, user), user) + "\n", yes.StdOut);
    }

    [Fact]
    public async Task Brief_prints_only_the_last_size_on_stderr()
    {
        string user = await SeededAsync("lasb");
        string dir = NewDir();
        var r = await Run(dir, null, "-S", _server.Conn(user), "-N", "-B");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.StdOut);
        Assert.Equal($"{await SummedAsync(_server, user)} MB\n", r.StdErr);
        Assert.False(File.Exists(Path.Combine(dir, "list_account_sizes.report")));
    }

    [Fact]
    public async Task Admin_login_output_file_and_trace()
    {
        string user = await SeededAsync("lasa");
        string dir = NewDir();
        File.WriteAllText(Path.Combine(dir, "users"), user + "\n");
        var r = await Run(dir, null, "-S", HostPort, "-u", "users", "-A", $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}", "-N", "-O", "sizes.txt", "-I");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.EndsWith("\nThe report was written to sizes.txt\n", r.StdOut);
        Assert.Contains(Row(await SummedAsync(_server, user), user) + "\n", File.ReadAllText(Path.Combine(dir, "sizes.txt")));
        Assert.Contains("AUTHENTICATE PLAIN", r.StdErr);
        Assert.Contains("STATUS", r.StdErr);   // STATUS=SIZE is used: no message is fetched
        Assert.DoesNotMatch(new Regex("FETCH", RegexOptions.None), r.StdErr);
        Assert.DoesNotContain(DovecotServer.MasterPassword, r.StdErr + r.StdOut);
    }

    [Fact]
    public async Task Usage_and_file_errors()
    {
        string dir = NewDir();
        var none = await Run(dir, null);
        Assert.Equal(2, none.ExitCode);
        Assert.Equal(Program.Usage, none.StdErr);

        var noUsers = await Run(dir, null, "-S", HostPort);
        Assert.Equal(2, noUsers.ExitCode);
        Assert.Equal(Program.Usage, noUsers.StdErr);

        var missing = await Run(dir, null, "-S", HostPort, "-u", "nope.txt");
        Assert.Equal(5, missing.ExitCode);
        Assert.StartsWith("Fatal error opening user_list nope.txt:", missing.StdErr);

        var help = await Run(dir, null, "-H");
        Assert.Equal(0, help.ExitCode);
        Assert.Equal(Program.Usage, help.StdErr);
    }
}

/// <summary>A private Dovecot with the QUOTA extension (count backend).</summary>
public sealed class QuotaServerFixture : IAsyncLifetime
{
    public DovecotServer Server { get; private set; } = null!;
    public async Task InitializeAsync() => Server = await DovecotServer.StartAsync(DovecotVariant.Slash, null, DovecotServer.QuotaConfig);
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public class ListAccountSizesQuotaTests(QuotaServerFixture fixture) : ListAccountSizesTestBase, IClassFixture<QuotaServerFixture>
{
    [Fact]
    public async Task Quota_usage_is_reported_with_two_decimals_and_N_sums_instead()
    {
        var server = fixture.Server;
        string user = TestUsers.Unique("lasquota");
        await ReportAccount.SeedAsync(server, user);
        ulong used;
        await using (var raw = await RawImapSession.LoginAsync(server, user))
        {
            var (lines, _) = await raw.CommandAsync("GETQUOTAROOT INBOX");
            var m = lines.Select(l => Regex.Match(l, @"STORAGE (\d+) \d+")).First(x => x.Success);
            used = ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        Assert.True(used > 100);
        string expected = (used / 1000.0).ToString("F2", CultureInfo.InvariantCulture);
        string dir = NewDir();
        var r = await Run(dir, null, "-S", server.Conn(user));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Lines(Header, Rule, Row(expected, user), "", "", "Totals", "=================", "Users    1", $"Bytes    {expected.TrimEnd('0').TrimEnd('.')} MB", "",
            "The report was written to list_account_sizes.report"), r.StdOut);

        var n = await Run(dir, null, "-S", server.Conn(user), "-N");
        Assert.True(n.ExitCode == 0, n.ToString());
        Assert.Contains(Row(await SummedAsync(server, user), user) + "\n", n.StdOut);
    }
}
