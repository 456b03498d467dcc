using ImapTools.Common.CommandLine;

namespace ImapTools.Common.Tests.CommandLine;

public class ToolHostTests
{
    private static readonly ToolDefinition Tool = new("demo", "dhS:", "usage: demo -S x", [new LongOption("insecure", false, "")]);

    private static async Task<(int Code, string Out, string Err)> Run(Func<ParsedCommandLine, CancellationToken, Task<int>> body, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = await ToolHost.RunAsync(Tool, args, body, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Unknown_option_prints_it_and_the_usage_and_exits_2()
    {
        bool ran = false;
        var (code, o, e) = await Run((_, _) => { ran = true; return Task.FromResult(0); }, "-x");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("Unknown option: x\n", e);
        Assert.Equal("usage: demo -S x\n", o);
        Assert.False(ran);
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var (code, o, _) = await Run((_, _) => Task.FromResult(9), "-h");
        Assert.Equal((0, "usage: demo -S x\n"), (code, o));
        (code, o, _) = await Run((_, _) => Task.FromResult(9), "--help");
        Assert.Equal((0, "usage: demo -S x\n"), (code, o));
    }

    [Fact]
    public async Task Typed_error_is_one_line_with_its_code()
    {
        var (code, _, e) = await Run((_, _) => throw new ImapToolsException("Error connecting to h:143: refused\nsecond line", ExitCodes.Connect), "-S", "x");
        Assert.Equal(ExitCodes.Connect, code);
        Assert.Equal("Error connecting to h:143: refused second line\n", e);
    }

    [Fact]
    public async Task Unexpected_exception_has_no_stack_trace()
    {
        var (code, _, e) = await Run((_, _) => throw new InvalidOperationException("boom"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("demo: internal error: InvalidOperationException: boom\n", e);
        Assert.DoesNotContain(" at ", e);
    }

    [Fact]
    public async Task Library_exceptions_get_their_codes()
    {
        var (code, _, _) = await Run((_, _) => throw new MailKit.Security.AuthenticationException("bad"));
        Assert.Equal(ExitCodes.Authentication, code);
        (code, _, _) = await Run((_, _) => throw new System.Net.Sockets.SocketException(111));
        Assert.Equal(ExitCodes.Connect, code);
        (code, _, _) = await Run((_, _) => throw new DirectoryNotFoundException("x"));
        Assert.Equal(ExitCodes.File, code);
    }

    [Fact]
    public async Task Body_gets_the_parsed_flags()
    {
        string? seen = null;
        var (code, _, _) = await Run((p, _) => { seen = p.Value('S') + (p.Has("insecure") ? "+i" : ""); return Task.FromResult(0); }, "-dShost", "--insecure");
        Assert.Equal(0, code);
        Assert.Equal("host+i", seen);
    }

    [Fact]
    public void Mailbox_lists_are_trimmed_and_split_on_pipe_or_comma()
    {
        Assert.Equal(["Inbox", "Drafts", "Notes"], OptionValues.List("Inbox, Drafts, Notes"));
        Assert.Equal(["A,B", "C"], OptionValues.List("A,B|C"));
        Assert.Empty(OptionValues.List(null));
    }
}
