using ImapTools.TestBed;

namespace ImapTools.Tools.ImapCopy.Tests;

/// <summary>Connection-string forms, TLS and the one-line errors with their exit codes.</summary>
[Collection(DovecotCollections.Pair)]
public class LoginAndErrorTests(DovecotPairFixture servers) : ImapCopyTestBase(servers)
{
    private async Task<(string S, string D)> WithOneMessageAsync()
    {
        var (s, d) = await NewAccountsAsync();
        await AppendAsync(Src, s, "INBOX", Mail("login@t", "login"));
        return (s, d);
    }

    [Fact]
    public async Task Admin_plain_cram_md5_and_star_destination()
    {
        var (s, d) = await WithOneMessageAsync();
        string admin = $"{Src.Host}:{Src.ImapPort}/{s}:{DovecotServer.MasterUser}/{DovecotServer.MasterPassword}";
        string cram = $"{Dst.Host}:{Dst.ImapPort}/{d}/{DovecotServer.Password}/CRAM-MD5";
        var r = await ImapCopy("-S", admin, "-D", cram);
        AssertOk(r);
        Assert.Contains("login method CRAM-MD5", r.StdOut);
        Assert.Equal(["login"], await SubjectsAsync(Dst, d, "INBOX"));

        // "*" user and password: the same account name on the destination server.
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", $"{Dst.Host}:{Dst.ImapPort}/*/*"));
        Assert.Equal(["login"], await SubjectsAsync(Dst, s, "INBOX"));
    }

    [Fact]
    public async Task Environment_and_prompted_passwords()
    {
        var (s, d) = await WithOneMessageAsync();
        var env = new Dictionary<string, string?> { ["SOURCEPWD"] = DovecotServer.Password };
        var r = await ToolRunner.RunAsync("imapcopy", ["-S", $"{Src.Host}:{Src.ImapPort}/{s}/SOURCEPWD", "-D", $"{Dst.Host}:{Dst.ImapPort}/{d}/PROMPT"],
            env, stdin: DovecotServer.Password + "\n");
        AssertOk(r);
        Assert.StartsWith("Enter the dest user password: ", r.StdOut);
        Assert.DoesNotContain(DovecotServer.Password, r.StdOut);
        Assert.Equal(["login"], await SubjectsAsync(Dst, d, "INBOX"));
    }

    [Fact]
    public async Task Implicit_tls_is_verified_unless_insecure()
    {
        var (s, d) = await WithOneMessageAsync();
        var strict = new Dictionary<string, string?> { ["IMAPTOOLS_INSECURE"] = null };
        var refused = await ImapCopy(strict, "-S", Src.ConnTls(s), "-D", Dst.Conn(d));
        Assert.Equal(3, refused.ExitCode);
        Assert.Single(refused.StdErr.TrimEnd('\n').Split('\n'));
        Assert.Contains("--insecure", refused.StdErr);
        Assert.Equal(0, (await SnapshotAsync(Dst, d)).MessageCount);

        AssertOk(await ImapCopy(strict, "-S", Src.ConnTls(s), "-D", Dst.ConnTls(d), "--insecure"));
        Assert.Equal(["login"], await SubjectsAsync(Dst, d, "INBOX"));
    }

    [Fact]
    public async Task Wrong_password_is_one_line_exit_4_without_the_password()
    {
        var (s, d) = await WithOneMessageAsync();
        var r = await ImapCopy("-S", $"{Src.Host}:{Src.ImapPort}/{s}/Wr0ngPass", "-D", Dst.Conn(d));
        Assert.Equal(4, r.ExitCode);
        Assert.Single(r.StdErr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("unexpected LOGIN response:", r.StdErr);
        Assert.DoesNotContain("Wr0ngPass", r.StdErr + r.StdOut);
    }

    [Fact]
    public async Task Refused_connection_is_exit_3()
    {
        var r = await ImapCopy("-S", "127.0.0.1:1/u/p", "-D", Dst.Conn("x"));
        Assert.Equal(3, r.ExitCode);
        Assert.StartsWith("Error connecting to 127.0.0.1:1:", r.StdErr);
    }

    [Theory]
    [InlineData(new[] { "-S", "h/u/p", "-D", "h/u/p", "-&" }, "Unknown option: &\n")]
    [InlineData(new[] { "-S", "h/u/p", "-D", "h/u/p", "-a", "32-Jan-2012" }, "The 'Sent after' date 32-Jan-2012 must be in DD-MMM-YYYY format\n")]
    [InlineData(new[] { "-S", "h/u/p", "-D", "h/u/p", "-z", "SINCE yesterday" }, "Invalid SEARCH expression 'SINCE yesterday': 'yesterday' is not a DD-MMM-YYYY date\n")]
    [InlineData(new[] { "-S", "h/u/p", "-D", "h/u/p", "-J", "AFTER=01-Jan-2001" }, "Error:  Special search operators are SINCE and BEFORE.\n")]
    public async Task Bad_command_lines_are_usage_errors(string[] args, string stderr)
    {
        var r = await ImapCopy(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(stderr, r.StdErr);
    }

    [Fact]
    public async Task Help_and_unused_flags()
    {
        var h = await ImapCopy("-h");
        AssertOk(h);
        Assert.Contains("usage: imapcopy -S sourceHost/sourceUser/sourcePassword", h.StdOut);

        var (s, d) = await WithOneMessageAsync();
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-K", "x", "-k", "-V", "-n", "-Q", "-w", "-z");
        AssertOk(r);
        Assert.Contains("-K has no effect", r.StdErr);
        Assert.Contains("-Q is not needed", r.StdErr);
        Assert.Equal(["login"], await SubjectsAsync(Dst, d, "INBOX"));
    }
}
