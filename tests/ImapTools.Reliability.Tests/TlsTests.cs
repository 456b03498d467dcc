using System.Text;
using ImapTools.TestBed;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace ImapTools.Reliability.Tests;

/// <summary>
/// Issue 9 item 6: certificates are verified by default (the test bed's self-signed certificate is refused with one
/// line naming the problem, exit 3, nothing copied), accepted with <c>--insecure</c> or <c>IMAPTOOLS_INSECURE=1</c>;
/// STARTTLS is used on a plain port when offered, the password only goes in after TLS, and a server that offers
/// STARTTLS and then fails it is refused, never silently downgraded. A server that does not offer STARTTLS keeps
/// working in plain text (legacy behaviour).
/// </summary>
[Collection(DovecotCollections.Pair)]
public sealed class TlsTests(DovecotPairFixture fx) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("imaptools-tls-").FullName;

    /// <summary>The environment of a run that does not accept the self-signed certificate (ToolRunner's default does).</summary>
    private static readonly Dictionary<string, string?> Verified = new() { ["IMAPTOOLS_INSECURE"] = null };

    private static readonly Dictionary<string, string?> InsecureEnv = new() { ["IMAPTOOLS_INSECURE"] = "1" };

    private const string CertificateRefusal = "TLS certificate could not be verified (the certificate is self-signed); use --insecure or IMAPTOOLS_INSECURE=1";

    private const string StartTlsRefusal = "the server offered STARTTLS but it failed; refusing to log in without TLS";

    public static TheoryData<string> ImplicitTlsTools => new() { "imapcopy", "imapsync", "imap_to_maildir", "pop3toimap", "list_imap_folders" };

    public static TheoryData<string, string> AcceptedWays => new()
    {
        { "imapcopy", "flag" }, { "imapcopy", "env" },
        { "imapsync", "flag" }, { "imapsync", "env" },
        { "imap_to_maildir", "flag" }, { "imap_to_maildir", "env" },
        { "pop3toimap", "flag" }, { "pop3toimap", "env" },
        { "list_imap_folders", "flag" }, { "list_imap_folders", "env" },
    };

    [Theory]
    [MemberData(nameof(ImplicitTlsTools))]
    public async Task Implicit_tls_with_a_self_signed_certificate_is_refused_by_default(string tool)
    {
        string user = await SeededAccounts.CreateAsync(fx, "tls-" + tool);
        var (args, work) = ImplicitTlsArgs(tool, user);
        var r = await ToolRunner.RunAsync(tool, args, Verified, workingDirectory: work, timeout: TimeSpan.FromMinutes(2));

        // pop3toimap reports a user it could not migrate with its per-user exit 4 (README), the others exit 3.
        Assert.True(r.ExitCode == (tool == "pop3toimap" ? 4 : 3), $"expected exit 3: {r}");
        int port = tool == "pop3toimap" ? fx.Source.Pop3sPort : fx.Source.ImapsPort;
        string line = Assert.Single(ErrorLines(r), l => l.Contains(CertificateRefusal, StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        AssertNoStackTrace(r);
        await AssertNothingCopiedAsync(tool, user, work);
    }

    [Theory]
    [MemberData(nameof(AcceptedWays))]
    public async Task Implicit_tls_with_a_self_signed_certificate_is_accepted_when_asked(string tool, string way)
    {
        string user = await SeededAccounts.CreateAsync(fx, "tls-" + tool + way);
        var (args, work) = ImplicitTlsArgs(tool, user);
        if (way == "flag") args = [.. args, "--insecure"];
        var r = await ToolRunner.RunAsync(tool, args, way == "flag" ? Verified : InsecureEnv, workingDirectory: work, timeout: TimeSpan.FromMinutes(2));

        Assert.True(r.ExitCode == 0, $"{tool} with {way}: {r}");
        Assert.DoesNotContain("certificate", r.StdOut + r.StdErr, StringComparison.OrdinalIgnoreCase);
        if (tool == "list_imap_folders")
            Assert.Contains("INBOX", r.StdOut, StringComparison.Ordinal);
        else
            Assert.Equal(SeededAccounts.Seed.Length, await CopiedCountAsync(tool, user, work));
    }

    [Fact]
    public async Task Starttls_on_a_plain_port_is_used_and_the_login_goes_only_inside_tls()
    {
        string user = await SeededAccounts.CreateAsync(fx, "tls-starttls");
        await using var proxy = new StartTlsRefusingProxy(fx.Source.ImapPort, StartTlsProxyMode.Observe);
        string log = Path.Combine(_dir, "starttls.log");
        var r = await ToolRunner.RunAsync("imapcopy",
            ["-S", $"127.0.0.1:{proxy.Port}/{user}/{DovecotServer.Password}", "-D", fx.Destination.Conn(user), "-I", "-L", log, "--insecure"],
            Verified, workingDirectory: _dir, timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(SeededAccounts.Seed.Length, await SeededAccounts.InboxCountAsync(fx.Destination, user));

        // On the wire: STARTTLS in clear, then only TLS records (no LOGIN, no password).
        string wire = proxy.ClientText;
        Assert.Contains(" STARTTLS\r\n", wire, StringComparison.OrdinalIgnoreCase);
        Assert.False(proxy.SawCredentialsInClear, "a credential command went in clear:\n" + wire[..Math.Min(wire.Length, 2000)]);
        Assert.DoesNotContain(DovecotServer.Password, wire, StringComparison.Ordinal);

        // In the -I trace (above TLS): the source's STARTTLS comes before its LOGIN.
        string[] trace = File.ReadAllLines(log);
        int starttls = Array.FindIndex(trace, l => l.Contains(">> ", StringComparison.Ordinal) && l.EndsWith(" STARTTLS", StringComparison.OrdinalIgnoreCase));
        int login = Array.FindIndex(trace, l => l.Contains(">> ", StringComparison.Ordinal) && l.Contains(" LOGIN ", StringComparison.OrdinalIgnoreCase));
        Assert.True(starttls >= 0, "no STARTTLS in the trace:\n" + string.Join('\n', trace.Take(40)));
        Assert.True(login > starttls, $"LOGIN (line {login}) is not after STARTTLS (line {starttls})");
    }

    [Theory]
    [InlineData("imapcopy")]
    [InlineData("list_imap_folders")]
    public async Task Starttls_with_an_unverifiable_certificate_is_refused_not_continued_in_plain_text(string tool)
    {
        string user = await SeededAccounts.CreateAsync(fx, "tls-stbad" + tool);
        await using var proxy = new StartTlsRefusingProxy(fx.Source.ImapPort, StartTlsProxyMode.Observe);
        string src = $"127.0.0.1:{proxy.Port}/{user}/{DovecotServer.Password}";
        string[] args = tool == "imapcopy" ? ["-S", src, "-D", fx.Destination.Conn(user)] : ["-S", src];
        var r = await ToolRunner.RunAsync(tool, args, Verified, workingDirectory: _dir, timeout: TimeSpan.FromMinutes(2));

        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Single(ErrorLines(r), l => l.Contains(CertificateRefusal, StringComparison.Ordinal) && l.Contains($"127.0.0.1:{proxy.Port}", StringComparison.Ordinal));
        AssertNoStackTrace(r);
        Assert.Contains(" STARTTLS\r\n", proxy.ClientText, StringComparison.OrdinalIgnoreCase);
        Assert.False(proxy.SawCredentialsInClear, proxy.ClientText);
        Assert.Equal(0, await SeededAccounts.InboxCountAsync(fx.Destination, user));
    }

    [Fact]
    public async Task Mailkit_alone_would_continue_in_plain_text_after_a_refused_starttls()
    {
        // Why the connectors check: MailKit's StartTlsWhenAvailable ignores a NO to STARTTLS and stays in plain text.
        await using var proxy = new StartTlsRefusingProxy(fx.Source.ImapPort, StartTlsProxyMode.RefuseNo);
        using var client = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", proxy.Port, SecureSocketOptions.StartTlsWhenAvailable);
        Assert.Equal(1, proxy.Refused);
        Assert.False(client.IsSecure);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.StartTLS));
        await client.DisconnectAsync(true);
    }

    [Theory]
    [InlineData("imapcopy", StartTlsProxyMode.RefuseNo)]
    [InlineData("imapcopy", StartTlsProxyMode.RefuseBad)]
    [InlineData("list_imap_folders", StartTlsProxyMode.RefuseNo)]
    [InlineData("imapPing", StartTlsProxyMode.RefuseNo)]
    [InlineData("imapsync", StartTlsProxyMode.RefuseBad)]
    [InlineData("pop3toimap", StartTlsProxyMode.RefusePop3)]
    public async Task A_server_that_offers_starttls_and_fails_it_is_never_downgraded(string tool, StartTlsProxyMode mode)
    {
        string user = await SeededAccounts.CreateAsync(fx, "tls-stno" + tool + mode);
        bool pop = mode == StartTlsProxyMode.RefusePop3;
        await using var proxy = new StartTlsRefusingProxy(pop ? fx.Source.Pop3Port : fx.Source.ImapPort, mode);
        string src = $"127.0.0.1:{proxy.Port}";
        string[] args = tool switch
        {
            "imapcopy" => ["-S", $"{src}/{user}/{DovecotServer.Password}", "-D", fx.Destination.Conn(user)],
            "list_imap_folders" => ["-S", $"{src}/{user}/{DovecotServer.Password}"],
            "imapPing" => ["-h", src, "-u", user, "-p", DovecotServer.Password],
            "imapsync" => ["-S", $"{src}/{user}/{DovecotServer.Password}", "-D", fx.Destination.Conn(user)],
            "pop3toimap" => ["-p", $"{src}/{user}/{DovecotServer.Password}", "-i", fx.Destination.Conn(user)],
            _ => throw new ArgumentOutOfRangeException(nameof(tool)),
        };
        var r = await ToolRunner.RunAsync(tool, args, InsecureEnv, workingDirectory: _dir, timeout: TimeSpan.FromMinutes(2));

        Assert.True(r.ExitCode != 0, r.ToString());
        Assert.Single(ErrorLines(r), l => l.Contains($"127.0.0.1:{proxy.Port}: {StartTlsRefusal}", StringComparison.Ordinal));
        AssertNoStackTrace(r);
        Assert.True(proxy.Refused >= 1, "the proxy never saw STARTTLS/STLS");
        Assert.False(proxy.SawCredentialsInClear, "credentials went in clear:\n" + proxy.ClientText);
        Assert.DoesNotContain(DovecotServer.Password, proxy.ClientText, StringComparison.Ordinal);
        Assert.Equal(0, await SeededAccounts.InboxCountAsync(fx.Destination, user));
    }

    [Fact]
    public async Task A_server_that_does_not_offer_starttls_keeps_working_in_plain_text()
    {
        string user = await SeededAccounts.CreateAsync(fx, "tls-plainonly");
        await using var proxy = new StartTlsRefusingProxy(fx.Source.ImapPort, StartTlsProxyMode.Hide);
        // IMAPTOOLS_INSECURE only for the destination's STARTTLS; the source offers no TLS at all.
        var r = await ToolRunner.RunAsync("imapcopy",
            ["-S", $"127.0.0.1:{proxy.Port}/{user}/{DovecotServer.Password}", "-D", fx.Destination.Conn(user)],
            InsecureEnv, workingDirectory: _dir, timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(SeededAccounts.Seed.Length, await SeededAccounts.InboxCountAsync(fx.Destination, user));
        Assert.DoesNotContain(" STARTTLS\r\n", proxy.ClientText, StringComparison.OrdinalIgnoreCase);
        Assert.True(proxy.SawCredentialsInClear, "expected the legacy plain-text LOGIN");
    }

    // ---- helpers ----

    private (string[] Args, string Work) ImplicitTlsArgs(string tool, string user)
    {
        string work = Directory.CreateDirectory(Path.Combine(_dir, user)).FullName;
        string tls = fx.Source.ConnTls(user);
        string dst = fx.Destination.Conn(user);
        string[] args = tool switch
        {
            "imapcopy" => ["-S", tls, "-D", dst],
            "imapsync" => ["-S", tls, "-D", dst],
            "imap_to_maildir" => ["-S", tls, "-M", Path.Combine(work, "Maildir")],
            "pop3toimap" => ["-p", $"{fx.Source.Host}:{fx.Source.Pop3sPort}/{user}/{DovecotServer.Password}", "-i", dst],
            "list_imap_folders" => ["-S", tls],
            _ => throw new ArgumentOutOfRangeException(nameof(tool)),
        };
        return (args, work);
    }

    private async Task<int> CopiedCountAsync(string tool, string user, string work) => tool == "imap_to_maildir"
        ? SeededAccounts.MaildirCount(Path.Combine(work, "Maildir"))
        : await SeededAccounts.InboxCountAsync(fx.Destination, user);

    private async Task AssertNothingCopiedAsync(string tool, string user, string work)
    {
        if (tool == "list_imap_folders") return;
        Assert.Equal(0, await CopiedCountAsync(tool, user, work));
        // The source is untouched (pop3toimap could otherwise have deleted from it).
        Assert.Equal(SeededAccounts.Seed.Length, await SeededAccounts.InboxCountAsync(fx.Source, user));
    }

    private static IEnumerable<string> ErrorLines(ToolResult r) =>
        (r.StdOut + "\n" + r.StdErr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void AssertNoStackTrace(ToolResult r)
    {
        string all = r.StdOut + r.StdErr;
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
