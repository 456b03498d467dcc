using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace ImapTools.Common.CommandLine;

/// <summary>
/// The one Main wrapper of every tool: parses the command line, handles -h/--help/--version, turns Ctrl-C and SIGTERM
/// into cancellation, and turns every error into one line on stderr and a documented exit code — never a stack trace.
/// </summary>
public static class ToolHost
{
    /// <summary>Runs a tool with the process's console; the return value is the exit code.</summary>
    public static int Run(ToolDefinition tool, string[] args, Func<ParsedCommandLine, CancellationToken, Task<int>> body)
    {
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
        try
        {
            var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true, NewLine = "\n" };
            var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true, NewLine = "\n" };
            Console.SetOut(stdout);
            Console.SetError(stderr);
            return RunAsync(tool, args, body, stdout, stderr, cts.Token).GetAwaiter().GetResult();
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Runs a tool with the given writers (testable form).</summary>
    public static async Task<int> RunAsync(ToolDefinition tool, string[] args, Func<ParsedCommandLine, CancellationToken, Task<int>> body,
        TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken ct = default)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var longOptions = tool.LongOptions.Concat([new LongOption("help", false, "print this help"), new LongOption("version", false, "print the version")]).ToList();
        var parsed = LegacyCommandLine.Parse(new GetoptsSpec(tool.Getopts, tool.OptionalValueLetters), longOptions, args, stderr);
        if (parsed.HasErrors)
        {
            foreach (char c in parsed.MissingValues) stderr.Write($"Option -{c} requires a value\n");
            stdout.Write(tool.Usage.TrimEnd() + "\n");
            return ExitCodes.Usage;
        }
        if (parsed.Has("help") || (parsed.Has('h') && new GetoptsSpec(tool.Getopts).IsKnown('h') && !new GetoptsSpec(tool.Getopts).TakesValue('h')))
        {
            stdout.Write(tool.Usage.TrimEnd() + "\n");
            return ExitCodes.Success;
        }
        if (parsed.Has("version"))
        {
            string version = typeof(ToolHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            stdout.Write($"{tool.Name} {version.Split('+')[0]}\n");
            return ExitCodes.Success;
        }
        try
        {
            return await body(parsed, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var (message, code) = Describe(tool.Name, e, ct);
            stderr.Write(OneLine(message) + "\n");
            if (Environment.GetEnvironmentVariable("IMAPTOOLS_STACKTRACE") == "1") stderr.Write(e + "\n");
            return code;
        }
    }

    /// <summary>Maps an exception to the one line printed and the exit code.</summary>
    public static (string Message, int ExitCode) Describe(string tool, Exception e, CancellationToken ct = default) => e switch
    {
        ImapToolsException t => (t.Message, t.ExitCode),
        OperationCanceledException when ct.IsCancellationRequested => ($"{tool}: interrupted", ExitCodes.Interrupted),
        AggregateException { InnerExceptions.Count: 1 } a => Describe(tool, a.InnerException!, ct),
        MailKit.Security.AuthenticationException a => ($"{tool}: login failed: {a.Message}", ExitCodes.Authentication),
        SslHandshakeException s => ($"{tool}: TLS handshake failed: {s.Message}", ExitCodes.Connect),
        SocketException s => ($"{tool}: cannot connect: {s.Message}", ExitCodes.Connect),
        System.Security.Authentication.AuthenticationException s => ($"{tool}: TLS failed: {s.Message}", ExitCodes.Connect),
        ImapCommandException c => ($"{tool}: the server refused {c.Response}: {c.ResponseText}", ExitCodes.Protocol),
        ImapProtocolException p => ($"{tool}: protocol error: {p.Message}", ExitCodes.Protocol),
        ServiceNotConnectedException => ($"{tool}: the connection to the server was lost", ExitCodes.Protocol),
        TimeoutException => ($"{tool}: the server did not answer in time", ExitCodes.Protocol),
        UnauthorizedAccessException or FileNotFoundException or DirectoryNotFoundException => ($"{tool}: {e.Message}", ExitCodes.File),
        IOException => ($"{tool}: I/O error: {e.Message}", ExitCodes.Protocol),
        OperationCanceledException => ($"{tool}: the operation timed out", ExitCodes.Protocol),
        _ => ($"{tool}: internal error: {e.GetType().Name}: {e.Message}", ExitCodes.Failure),
    };

    private static string OneLine(string s) => string.Join(' ', s.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
