using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace ImapTools.Common.CommandLine;

/// <summary>
/// The one Main wrapper for every tool: parses the command line, handles usage/help/version, wires Ctrl-C and
/// SIGTERM to a <see cref="CancellationToken"/>, and turns every exception into one line on stderr plus a
/// documented exit code (<see cref="ExitCodes"/>). It never prints a stack trace (unless the environment variable
/// <c>IMAPTOOLS_STACKTRACE=1</c>) and never echoes argv.
/// </summary>
public static class ToolHost
{
    /// <summary>Name of the environment variable that, when <c>1</c>, adds the full exception after the one-line message.</summary>
    public const string StackTraceVariable = "IMAPTOOLS_STACKTRACE";

    /// <summary>
    /// Runs a tool on the console. Use as <c>static int Main(string[] args) =&gt; ToolHost.Run(Tool, args, RunAsync);</c>.
    /// See <see cref="RunAsync"/> for the behaviour.
    /// </summary>
    public static int Run(ToolDefinition tool, string[] args, Func<ParsedCommandLine, CancellationToken, Task<int>> body) =>
        RunAsync(tool, args, body).GetAwaiter().GetResult();

    /// <summary>
    /// Runs a tool with the given output writers (Console when null):
    /// <list type="number">
    /// <item>Parses <paramref name="args"/> (<see cref="LegacyCommandLine.Parse"/>; <c>Unknown option: X</c> goes to stderr).</item>
    /// <item>Parse errors: usage, exit <see cref="ExitCodes.Usage"/> (the originals exited 0), unless
    /// <see cref="ToolDefinition.IgnoreParseErrors"/>.</item>
    /// <item><c>--help</c>, or <c>-h</c> when the getopts string declares <c>h</c> as a switch: usage, exit 0,
    /// before any validation.</item>
    /// <item><c>--version</c>: <c>&lt;name&gt; &lt;version&gt;</c> on stdout, exit 0.</item>
    /// <item>Otherwise runs <paramref name="body"/> and returns its exit code. The token is cancelled by the first
    /// SIGINT/SIGTERM (a second one terminates the process the default way) or by <paramref name="cancellationToken"/>.</item>
    /// </list>
    /// Exceptions from the body become one line on stderr (line breaks in the message collapsed to spaces):
    /// <see cref="OperationCanceledException"/> → <c>&lt;name&gt;: interrupted</c>, <see cref="ExitCodes.Interrupted"/>;
    /// <see cref="ImapToolsException"/> → its message as is, its exit code;
    /// known network/IMAP/file exceptions → <c>&lt;name&gt;: &lt;message&gt;</c> with
    /// <see cref="ExitCodes.Authentication"/>, <see cref="ExitCodes.Connect"/>, <see cref="ExitCodes.Protocol"/>,
    /// <see cref="ExitCodes.File"/> or <see cref="ExitCodes.Failure"/>;
    /// anything else → <c>&lt;name&gt;: internal error: &lt;Type&gt;: &lt;message&gt;</c>, exit 1.
    /// </summary>
    /// <param name="tool">The tool.</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="body">The tool itself; returns the exit code.</param>
    /// <param name="stdout">Where usage and version go; <see cref="Console.Out"/> when null.</param>
    /// <param name="stderr">Where errors go; <see cref="Console.Error"/> when null.</param>
    /// <param name="cancellationToken">An extra cancellation source (for tests and embedding).</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(ToolDefinition tool, string[] args, Func<ParsedCommandLine, CancellationToken, Task<int>> body,
        TextWriter? stdout = null, TextWriter? stderr = null, CancellationToken cancellationToken = default) =>
        RunCoreAsync(tool, args, body, stdout ?? Console.Out, stderr ?? Console.Error, cancellationToken, Environment.GetEnvironmentVariable);

    internal static async Task<int> RunCoreAsync(ToolDefinition tool, string[] args, Func<ParsedCommandLine, CancellationToken, Task<int>> body,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(body);

        var spec = new GetoptsSpec(tool.Getopts, tool.OptionalValueLetters);
        var parsed = LegacyCommandLine.Parse(spec, tool.LongOptions, args, stderr);

        if (parsed.HasErrors && !tool.IgnoreParseErrors)
        {
            WriteUsage(tool, stdout, stderr);
            return ExitCodes.Usage;
        }
        if (parsed.Has("help") || (spec.IsKnown('h') && !spec.TakesValue('h') && parsed.Has('h')))
        {
            WriteUsage(tool, stdout, stderr);
            return ExitCodes.Success;
        }
        if (parsed.Has("version"))
        {
            stdout.Write(tool.Name + " " + Version + "\n");
            stdout.Flush();
            return ExitCodes.Success;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var registrations = RegisterSignals(cts);
        try
        {
            return await body(parsed, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var (line, code) = Describe(tool.Name, ex);
            stderr.Write(line + "\n");
            if (getEnvironmentVariable(StackTraceVariable) == "1")
                stderr.Write(ex + "\n");
            stderr.Flush();
            return code;
        }
        finally
        {
            foreach (var registration in registrations)
                registration.Dispose();
        }
    }

    /// <summary>The version printed by <c>--version</c>: the informational version of the shared library
    /// (every tool is built from one Directory.Build.props version), without build metadata after <c>+</c>.</summary>
    internal static string Version
    {
        get
        {
            var assembly = typeof(ToolHost).Assembly;
            string? v = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                        ?? assembly.GetName().Version?.ToString();
            if (v is null)
                return "unknown";
            int plus = v.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? v.Substring(0, plus) : v;
        }
    }

    /// <summary>Maps an exception to its one-line message and exit code.</summary>
    internal static (string Line, int ExitCode) Describe(string toolName, Exception ex)
    {
        if (ex is AggregateException aggregate)
        {
            var flat = aggregate.Flatten();
            if (flat.InnerExceptions.Count == 1)
                return Describe(toolName, flat.InnerExceptions[0]);
        }

        string message = OneLine(ex.Message);
        string prefixed = toolName + ": " + message;
        return ex switch
        {
            OperationCanceledException => (toolName + ": interrupted", ExitCodes.Interrupted),
            ImapToolsException tool => (message, tool.ExitCode),
            MailKit.Security.AuthenticationException => (prefixed, ExitCodes.Authentication), // includes SaslException
            MailKit.Security.SslHandshakeException => (prefixed, ExitCodes.Connect),
            System.Security.Authentication.AuthenticationException => (prefixed, ExitCodes.Connect),
            SocketException => (prefixed, ExitCodes.Connect),
            MailKit.ServiceNotConnectedException => (prefixed, ExitCodes.Protocol),
            MailKit.CommandException => (prefixed, ExitCodes.Protocol),   // ImapCommandException, Pop3CommandException, ...
            MailKit.ProtocolException => (prefixed, ExitCodes.Protocol),  // ImapProtocolException, Pop3ProtocolException, ...
            UnauthorizedAccessException => (prefixed, ExitCodes.File),
            FileNotFoundException => (prefixed, ExitCodes.File),
            DirectoryNotFoundException => (prefixed, ExitCodes.File),
            PathTooLongException => (prefixed, ExitCodes.File),
            // An IOException caused by the socket is a connection lost mid-session; any other IOException
            // (disk full, sharing violation, ...) cannot be told apart reliably, so it is a generic failure.
            IOException { InnerException: SocketException } => (prefixed, ExitCodes.Protocol),
            IOException => (prefixed, ExitCodes.Failure),
            _ => (toolName + ": internal error: " + ex.GetType().FullName + ": " + message, ExitCodes.Failure),
        };
    }

    /// <summary>Collapses every run of line breaks (and the white space around them) into one space.</summary>
    internal static string OneLine(string message) =>
        Regex.Replace(message, @"\s*[\r\n]+\s*", " ").Trim();

    private static void WriteUsage(ToolDefinition tool, TextWriter stdout, TextWriter stderr)
    {
        var writer = tool.UsageToStderr ? stderr : stdout;
        string usage = tool.Usage;
        writer.Write(usage);
        if (usage.Length > 0 && !usage.EndsWith('\n'))
            writer.Write("\n");
        if (tool.LongOptions.Count > 0)
        {
            var all = tool.LongOptions.Concat(LegacyCommandLine.BuiltInLongOptions).ToList();
            var left = all.Select(o => "--" + o.Name + (o.TakesValue ? " " + (o.ValueName ?? "VALUE") : "")).ToList();
            int width = left.Max(s => s.Length);
            writer.Write("\nLong options:\n");
            for (int i = 0; i < all.Count; i++)
                writer.Write("  " + left[i].PadRight(width) + "  " + all[i].Description + "\n");
        }
        writer.Flush();
    }

    private static List<IDisposable> RegisterSignals(CancellationTokenSource cts)
    {
        var registrations = new List<IDisposable>();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    // First signal: cancel and let the body wind down. Second: default handling (terminate).
                    if (cts.IsCancellationRequested)
                        return;
                    context.Cancel = true;
                    try { cts.Cancel(); } catch (ObjectDisposedException) { }
                }));
            }
            catch (PlatformNotSupportedException)
            {
                // e.g. SIGTERM on some platforms: run without it.
            }
        }
        return registrations;
    }
}
