using System.Globalization;
using System.Text.RegularExpressions;
using ImapTools.TestBed;

namespace ImapTools.Tools.ImapPing.Tests;

[Collection(DovecotCollections.Pair)]
public class ImapPingTests(DovecotPairFixture servers)
{
    private readonly DovecotServer _server = servers.Source;

    private static Task<ToolResult> Run(params string[] args) => ToolRunner.RunAsync("imapPing", args);

    private string Host => $"{_server.Host}:{_server.ImapPort}";

    private static readonly string[] Labels =
        ["Logging in as {0}", "Get list of mailboxes", "Selecting the INBOX", "Get list of msgs in INBOX", "Logging out", "Done"];

    /// <summary>Checks every line is label packed to 35 columns + HH:MM:SS + one space, in order, with times not going backwards.</summary>
    private static void AssertTimeline(string stdout, string host, string user, string[]? errorLines = null)
    {
        var lines = stdout.Split('\n');
        Assert.Equal("", lines[^1]);
        var timing = lines[..^1].Where(l => errorLines is null || !errorLines.Contains(l)).ToList();
        var labels = new[] { "Connecting to " + host }.Concat(Labels.Select(l => string.Format(CultureInfo.InvariantCulture, l, user))).ToList();
        Assert.Equal(labels.Count, timing.Count);
        TimeSpan previous = TimeSpan.MinValue;
        for (int i = 0; i < labels.Count; i++)
        {
            string label = labels[i].Length > 35 ? labels[i][..35] : labels[i].PadRight(35);
            var m = Regex.Match(timing[i], "^(.{35})([0-2][0-9]:[0-5][0-9]:[0-5][0-9]) $");
            Assert.True(m.Success, $"line {i}: '{timing[i]}'");
            Assert.Equal(label, m.Groups[1].Value);
            var t = TimeSpan.ParseExact(m.Groups[2].Value, "hh\\:mm\\:ss", CultureInfo.InvariantCulture);
            Assert.True(t >= previous || previous - t > TimeSpan.FromHours(23), "time went backwards");
            previous = t;
        }
    }

    [Fact]
    public async Task Prints_a_timestamp_before_every_step_and_no_password()
    {
        string user = TestUsers.Unique("ping");
        using (var client = await _server.ConnectAsync(user))
            await CorpusBuilder.LoadAsync(client, CorpusSpec.Small);
        var before = DateTime.Now;
        var r = await Run("-h", Host, "-u", user, "-p", DovecotServer.Password);
        Assert.True(r.ExitCode == 0, r.ToString());
        AssertTimeline(r.StdOut, Host, user);
        Assert.DoesNotContain(DovecotServer.Password, r.StdOut + r.StdErr);
        Assert.DoesNotContain("opt_p", r.StdOut);
        var first = TimeSpan.ParseExact(r.StdOut.Substring(35, 8), "hh\\:mm\\:ss", CultureInfo.InvariantCulture);
        Assert.True((first - before.TimeOfDay).Duration() < TimeSpan.FromMinutes(2) || (first - before.TimeOfDay).Duration() > TimeSpan.FromHours(23));
        // The session really ran: Dovecot logged the login of this user.
        Assert.Contains(user, _server.ReadLog());
    }

    [Fact]
    public async Task Long_host_labels_are_cut_at_35_characters_and_cram_md5_is_stripped()
    {
        string user = TestUsers.Unique("pingcram");
        string host = "localhost:" + _server.ImapPort;
        var r = await Run("-h", host + "/CRAM-MD5", "-u", user + "-with-a-rather-long-name-beyond-35", "-p", DovecotServer.Password);
        Assert.True(r.ExitCode == 0, r.ToString());
        AssertTimeline(r.StdOut, host, user + "-with-a-rather-long-name-beyond-35");
        Assert.DoesNotContain("CRAM-MD5", r.StdOut);
    }

    [Fact]
    public async Task Empty_inbox_admin_login_and_trace()
    {
        string user = TestUsers.Unique("pinga");
        var r = await Run("-h", Host, "-u", user, "-A", $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}", "-I");
        Assert.True(r.ExitCode == 0, r.ToString());
        AssertTimeline(r.StdOut, Host, user);
        Assert.Contains("AUTHENTICATE PLAIN", r.StdErr);
        Assert.Contains("LIST", r.StdErr);
        Assert.DoesNotContain(DovecotServer.MasterPassword, r.StdOut + r.StdErr);
    }

    [Fact]
    public async Task Wrong_password_reports_every_step_and_exits_4()
    {
        string user = TestUsers.Unique("pingw");
        var r = await Run("-h", Host, "-u", user, "-p", "Wr0ng");
        Assert.Equal(4, r.ExitCode);
        string[] errors = r.StdOut.Split('\n').Where(l => !Regex.IsMatch(l, "[0-9]{2}:[0-9]{2}:[0-9]{2} $") && l.Length > 0).ToArray();
        Assert.Equal(4, errors.Length);
        Assert.StartsWith("Unexpected login response ", errors[0]);
        Assert.Equal(["unexpected response: not logged in", "Error: not logged in", "Unexpected response: not logged in"], errors[1..]);
        AssertTimeline(r.StdOut, Host, user, errors);
        Assert.DoesNotContain("Wr0ng", r.StdOut + r.StdErr);
    }

    [Fact]
    public async Task Usage_when_values_are_missing()
    {
        var r = await Run("-h", Host, "-p", "x");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Program.Usage, r.StdOut);
        Assert.StartsWith("\nUsage: imapPing.pl <args> \n\n   -h   <hostname>\n", r.StdOut);
    }

    [Fact]
    public async Task Refused_connection_prints_the_first_step_and_exits_3()
    {
        var r = await Run("-h", "127.0.0.1:1", "-u", "u", "-p", "p");
        Assert.Equal(3, r.ExitCode);
        Assert.Matches("^Connecting to 127.0.0.1:1 {10}[0-9:]{8} \n$", r.StdOut);
        Assert.StartsWith("Error connecting to 127.0.0.1:1:", r.StdErr);
    }
}
