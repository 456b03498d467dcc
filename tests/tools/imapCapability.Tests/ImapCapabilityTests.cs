using ImapTools.TestBed;

namespace ImapTools.Tools.ImapCapability.Tests;

[Collection(DovecotCollections.Pair)]
public class ImapCapabilityTests(DovecotPairFixture servers)
{
    private readonly DovecotServer _server = servers.Source;

    private static Task<ToolResult> Run(params string[] args) => ToolRunner.RunAsync("imapCapability", args);

    private string Host => $"{_server.Host}:{_server.ImapPort}";

    private async Task<string> RawCapabilitiesAsync(string user)
    {
        await using var raw = await RawImapSession.LoginAsync(_server, user);
        var (lines, _) = await raw.CommandAsync("CAPABILITY");
        return lines.Last(l => l.StartsWith("* CAPABILITY ", StringComparison.Ordinal))["* CAPABILITY ".Length..];
    }

    [Fact]
    public async Task Prints_the_post_login_capability_line_as_the_server_sends_it()
    {
        string user = TestUsers.Unique("cap");
        var r = await Run("-h", Host, "-u", user, "-p", DovecotServer.Password);
        Assert.True(r.ExitCode == 0, r.ToString());
        string expected = $"Connected to 127.0.0.1 on port {_server.ImapPort}\n\nThe server supports the following IMAP capabilities:\n\n{await RawCapabilitiesAsync(user)}\n";
        Assert.Equal(expected, r.StdOut);
        Assert.Contains("STATUS=SIZE", r.StdOut);
    }

    [Fact]
    public async Task Lists_mailboxes_in_server_order_with_decoded_names()
    {
        string user = TestUsers.Unique("capm");
        await using (var raw = await RawImapSession.LoginAsync(_server, user))
        {
            await raw.CommandAsync("CREATE \"Old Stuff\"");
            await raw.CommandAsync("CREATE \"Caf&AOk-\"");
            await raw.CommandAsync("CREATE \"Archive/2010\"");
        }
        List<string> rawNames;
        await using (var raw = await RawImapSession.LoginAsync(_server, user))
            rawNames = await raw.ListNamesAsync();
        var r = await Run("-h", Host, "-u", user, "-p", DovecotServer.Password, "-m");
        Assert.True(r.ExitCode == 0, r.ToString());
        string listing = r.StdOut[r.StdOut.IndexOf($"\nList of mailboxes for {user}:\n\n", StringComparison.Ordinal)..];
        var expected = rawNames.Select(n => n == "Caf&AOk-" ? "   Caf&AOk-  (Café)" : "   " + n);
        Assert.Equal($"\nList of mailboxes for {user}:\n\n" + string.Join("", expected.Select(l => l + "\n")), listing);
        Assert.Contains("   Archive/2010\n", listing);
        Assert.Contains("   Old Stuff\n", listing);
    }

    [Fact]
    public async Task Admin_cram_md5_tls_and_debug()
    {
        string user = TestUsers.Unique("capa");
        var admin = await Run("-h", Host, "-u", user, "-A", $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}", "-d");
        Assert.True(admin.ExitCode == 0, admin.ToString());
        Assert.StartsWith("Attempting a non-SSL connection\n", admin.StdOut.Replace($"Connecting to 127.0.0.1\n", ""));
        Assert.Contains($"Logged in as {user}\n", admin.StdOut);
        Assert.Contains("The server supports the following IMAP capabilities:", admin.StdOut);

        var cram = await Run("-h", Host + "/cram-md5", "-u", user, "-p", DovecotServer.Password);
        Assert.True(cram.ExitCode == 0, cram.ToString());
        Assert.Contains($"Connected to 127.0.0.1 on port {_server.ImapPort}\n", cram.StdOut);

        var tls = await Run("-h", $"{_server.Host}:{_server.ImapsPort}", "-u", user, "-p", DovecotServer.Password, "-d");
        Assert.True(tls.ExitCode == 0, tls.ToString());
        Assert.Contains("Attempting an SSL connection\n", tls.StdOut);
        Assert.Contains($"Connected to 127.0.0.1 on port {_server.ImapsPort}\n", tls.StdOut);
    }

    [Fact]
    public async Task Trace_shows_the_session_without_the_password()
    {
        string user = TestUsers.Unique("capi");
        var r = await Run("-h", Host, "-u", user, "-p", DovecotServer.Password, "-I");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("LOGIN", r.StdOut);
        Assert.Contains("CAPABILITY", r.StdOut);
        Assert.DoesNotContain(DovecotServer.Password, r.StdOut + r.StdErr);
    }

    [Fact]
    public async Task Wrong_password_is_an_unexpected_login_response_and_exit_4()
    {
        var r = await Run("-h", Host, "-u", TestUsers.Unique("capw"), "-p", "Wr0ng");
        Assert.Equal(4, r.ExitCode);
        Assert.Equal($"Connected to 127.0.0.1 on port {_server.ImapPort}\nUnexpected LOGIN response: Authentication failed.\n", r.StdOut.Replace("[AUTHENTICATIONFAILED] ", ""));
        Assert.DoesNotContain("Wr0ng", r.StdOut + r.StdErr);
    }

    [Fact]
    public async Task Missing_values_print_usage_and_unknown_letters_are_reported()
    {
        var r = await Run("-h", Host, "-u", "x");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Program.Usage, r.StdOut);

        var u = await Run("-h", Host, "-u", TestUsers.Unique("capu"), "-p", DovecotServer.Password, "-Z");
        Assert.Equal(0, u.ExitCode);
        Assert.Equal("Unknown option: Z\n", u.StdErr);
        Assert.Contains("The server supports the following IMAP capabilities:", u.StdOut);
    }

    [Fact]
    public async Task Refused_connection_is_exit_3()
    {
        var r = await Run("-h", "127.0.0.1:1", "-u", "u", "-p", "p");
        Assert.Equal(3, r.ExitCode);
        Assert.StartsWith("Error connecting to 127.0.0.1:1:", r.StdErr);
    }
}
