using System.Net.Sockets;
using ImapTools.Common.CommandLine;

namespace ImapTools.Common.Tests.CommandLine;

public class ToolHostTests
{
    private const string Usage = "usage: imapcopy -S host/user/pwd -D host/user/pwd [options]\n";

    private static readonly ToolDefinition Imapcopy = new(
        "imapcopy",
        "dS:D:L:m:hIp:M:rqx:y:e:Rt:Tia:b:X:vPA:UB:E:uHzZ:j:g:CsnWwGF:cK:Y:kfQJ:lo:OVN",
        Usage,
        Array.Empty<LongOption>());

    private sealed record Result(int ExitCode, string Stdout, string Stderr, bool BodyRan);

    private static async Task<Result> Run(ToolDefinition tool, string[] args, Func<ParsedCommandLine, CancellationToken, Task<int>>? body = null,
        CancellationToken token = default, Func<string, string?>? env = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        bool ran = false;
        body ??= (_, _) => Task.FromResult(0);
        int code = await ToolHost.RunCoreAsync(tool, args, (p, ct) => { ran = true; return body(p, ct); }, stdout, stderr, token, env ?? (_ => null));
        return new Result(code, stdout.ToString(), stderr.ToString(), ran);
    }

    private static Task<Result> Throwing(Exception ex) =>
        Run(Imapcopy, new[] { "-S", "h/u/secretpw" }, (_, _) => throw ex);

    [Fact]
    public async Task BodyGetsParsedOptionsAndItsExitCodeIsReturned()
    {
        string? seen = null;
        var r = await Run(Imapcopy, new[] { "-dS", "h/u/p" }, (p, _) => { seen = p.Value('S'); return Task.FromResult(6); });
        Assert.True(r.BodyRan);
        Assert.Equal("h/u/p", seen);
        Assert.Equal(6, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public async Task UnknownLetterPrintsMessageAndUsageAndExitsUsage()
    {
        var r = await Run(Imapcopy, new[] { "-d3" });
        Assert.False(r.BodyRan);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Equal("Unknown option: 3\n", r.Stderr);
        Assert.Equal(Usage, r.Stdout);
    }

    [Fact]
    public async Task MissingValuePrintsUsageAndExitsUsage()
    {
        var r = await Run(Imapcopy, new[] { "-d", "-S" });
        Assert.False(r.BodyRan);
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.Equal(Usage, r.Stdout);
    }

    [Fact]
    public async Task IgnoreParseErrorsRunsTheBodyAnyway()
    {
        var tool = new ToolDefinition("imapPing", "h:u:p:A:I", "usage\n", Array.Empty<LongOption>()) { IgnoreParseErrors = true };
        var r = await Run(tool, new[] { "-x", "-h", "host" });
        Assert.True(r.BodyRan);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Unknown option: x\n", r.Stderr);
        Assert.Equal("", r.Stdout); // -h is the host here, not help
    }

    [Fact]
    public async Task DashHPrintsUsageAndExitsZeroWithoutRunningTheBody()
    {
        var r = await Run(Imapcopy, new[] { "-dh", "-Z", "/does/not/exist" });
        Assert.False(r.BodyRan);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Usage, r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public async Task DoubleDashHelpPrintsUsageEvenWithoutH()
    {
        var tool = Imapcopy with { Getopts = "dS:" };
        var r = await Run(tool, new[] { "--help" });
        Assert.False(r.BodyRan);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Usage, r.Stdout);
    }

    [Fact]
    public async Task ParseErrorWinsOverHelp()
    {
        var r = await Run(Imapcopy, new[] { "-h", "-3" });
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Equal(Usage, r.Stdout);
    }

    [Fact]
    public async Task UsageToStderr()
    {
        var tool = Imapcopy with { UsageToStderr = true };
        var r = await Run(tool, new[] { "-h" });
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal(Usage, r.Stderr);
    }

    [Fact]
    public async Task UsageGetsFinalNewlineAndLongOptionSection()
    {
        var tool = new ToolDefinition("imapcopy", "dh", "usage: imapcopy", new[]
        {
            new LongOption("insecure", false, "Accept any certificate."),
            new LongOption("json", true, "Write a JSON report.", "FILE"),
        });
        var r = await Run(tool, new[] { "-h" });
        Assert.Equal(
            "usage: imapcopy\n" +
            "\nLong options:\n" +
            "  --insecure   Accept any certificate.\n" +
            "  --json FILE  Write a JSON report.\n" +
            "  --help       Print this usage text and exit.\n" +
            "  --version    Print the tool name and version and exit.\n",
            r.Stdout);
    }

    [Fact]
    public async Task UnknownLongOptionIsAUsageError()
    {
        var r = await Run(Imapcopy, new[] { "--frobnicate" });
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Equal("Unknown option: frobnicate\n", r.Stderr);
        Assert.Equal(Usage, r.Stdout);
    }

    [Fact]
    public async Task VersionPrintsNameAndVersion()
    {
        var r = await Run(Imapcopy, new[] { "--version" });
        Assert.False(r.BodyRan);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^imapcopy \d+\.\d+\.\d+[^\s+]*\n$", r.Stdout);
    }

    [Fact]
    public async Task ImapToolsExceptionIsOneLineWithItsExitCode()
    {
        var r = await Throwing(new ImapToolsException("Error connecting to\r\nhost:143:\n  Connection refused\n", ExitCodes.Connect));
        Assert.Equal(ExitCodes.Connect, r.ExitCode);
        Assert.Equal("Error connecting to host:143: Connection refused\n", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task SynchronousThrowFromBodyIsHandled()
    {
        var r = await Run(Imapcopy, Array.Empty<string>(), (_, _) => throw new ImapToolsException("bad", ExitCodes.File));
        Assert.Equal(ExitCodes.File, r.ExitCode);
        Assert.Equal("bad\n", r.Stderr);
    }

    [Fact]
    public async Task AsynchronousThrowFromBodyIsHandled()
    {
        var r = await Run(Imapcopy, Array.Empty<string>(), async (_, _) =>
        {
            await Task.Yield();
            throw new ImapToolsException("late", ExitCodes.Partial);
        });
        Assert.Equal(ExitCodes.Partial, r.ExitCode);
        Assert.Equal("late\n", r.Stderr);
    }

    public static TheoryData<Exception, int> MappedExceptions() => new()
    {
        { new MailKit.Security.AuthenticationException("Authentication failed."), ExitCodes.Authentication },
        { new MailKit.Security.SaslException("CRAM-MD5", MailKit.Security.SaslErrorCode.InvalidChallenge, "bad challenge"), ExitCodes.Authentication },
        { new SocketException((int)SocketError.ConnectionRefused), ExitCodes.Connect },
        { new MailKit.Security.SslHandshakeException("handshake failed"), ExitCodes.Connect },
        { new System.Security.Authentication.AuthenticationException("TLS failed"), ExitCodes.Connect },
        { new MailKit.Net.Imap.ImapCommandException(MailKit.Net.Imap.ImapCommandResponse.No, "SELECT failed"), ExitCodes.Protocol },
        { new MailKit.Net.Imap.ImapProtocolException("unexpected token"), ExitCodes.Protocol },
        { new MailKit.ServiceNotConnectedException("not connected"), ExitCodes.Protocol },
        { new IOException("read failed", new SocketException((int)SocketError.ConnectionReset)), ExitCodes.Protocol },
        { new IOException("disk full"), ExitCodes.Failure },
        { new UnauthorizedAccessException("Access to the path '/x' is denied."), ExitCodes.File },
        { new FileNotFoundException("Could not find file '/x'."), ExitCodes.File },
        { new DirectoryNotFoundException("Could not find a part of the path '/x'."), ExitCodes.File },
    };

    [Theory]
    [MemberData(nameof(MappedExceptions))]
    public async Task LibraryExceptionsMapToOneLineAndCode(Exception ex, int expected)
    {
        var r = await Throwing(ex);
        Assert.Equal(expected, r.ExitCode);
        Assert.Equal("imapcopy: " + ToolHost.OneLine(ex.Message) + "\n", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public async Task UnknownExceptionIsInternalErrorWithoutStackTrace()
    {
        var r = await Throwing(new InvalidOperationException("boom\nsecond line"));
        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Equal("imapcopy: internal error: System.InvalidOperationException: boom second line\n", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task StackTraceOnlyWithEnvironmentVariable()
    {
        Task<int> Body(ParsedCommandLine p, CancellationToken ct) => throw new InvalidOperationException("boom");
        var r = await Run(Imapcopy, Array.Empty<string>(), Body, env: name => name == "IMAPTOOLS_STACKTRACE" ? "1" : null);
        Assert.StartsWith("imapcopy: internal error: System.InvalidOperationException: boom\nSystem.InvalidOperationException: boom\n", r.Stderr);
        Assert.Contains("   at ", r.Stderr);
        Assert.Equal(ExitCodes.Failure, r.ExitCode);
    }

    [Fact]
    public async Task SingleAggregateIsUnwrapped()
    {
        var r = await Throwing(new AggregateException(new ImapToolsException("inner", ExitCodes.Connect)));
        Assert.Equal(ExitCodes.Connect, r.ExitCode);
        Assert.Equal("inner\n", r.Stderr);
    }

    [Fact]
    public async Task CancellationEndsAsInterrupted()
    {
        using var cts = new CancellationTokenSource();
        var r = await Run(Imapcopy, Array.Empty<string>(), async (_, ct) =>
        {
            cts.Cancel(); // stands in for SIGINT/SIGTERM
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, cts.Token);
        Assert.Equal(ExitCodes.Interrupted, r.ExitCode);
        Assert.Equal("imapcopy: interrupted\n", r.Stderr);
    }

    [Fact]
    public async Task PasswordInArgvIsNeverEchoed()
    {
        var r = await Run(Imapcopy, new[] { "-S", "h/u/secretpw", "-3" });
        Assert.DoesNotContain("secretpw", r.Stdout + r.Stderr);
        var r2 = await Throwing(new InvalidOperationException("boom"));
        Assert.DoesNotContain("secretpw", r2.Stdout + r2.Stderr);
    }

    [Fact]
    public async Task PublicRunAsyncUsesGivenWriters()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await ToolHost.RunAsync(Imapcopy, new[] { "-h" }, (_, _) => Task.FromResult(9), stdout, stderr);
        Assert.Equal(0, code);
        Assert.Equal(Usage, stdout.ToString());
        Assert.Equal("", stderr.ToString());
    }
}
