using System.Diagnostics;

namespace ImapTools.TestBed;

/// <summary>What a tool run printed and returned.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="StdOut">Everything written to stdout.</param>
/// <param name="StdErr">Everything written to stderr.</param>
public sealed record ToolResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Stdout split into lines (LF).</summary>
    public string[] Lines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>
/// Runs a built tool (tools/&lt;name&gt;, copied next to the test assembly by its ProjectReference) as a real process
/// with a user's argv, the way a shell script would.
/// </summary>
public static class ToolRunner
{
    /// <summary>Runs <paramref name="tool"/> with <paramref name="args"/>; IMAPTOOLS_INSECURE=1 unless the caller's environment says otherwise.</summary>
    public static async Task<ToolResult> RunAsync(string tool, IEnumerable<string> args, IDictionary<string, string?>? environment = null,
        string? workingDirectory = null, string? stdin = null, TimeSpan? timeout = null)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, tool + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{tool}.dll is not next to the tests; add a ProjectReference to tools/{tool}", dll);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["IMAPTOOLS_INSECURE"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment is not null)
            foreach (var (k, v) in environment)
                if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {timeout ?? TimeSpan.FromMinutes(5)}: {string.Join(' ', args)}");
        }
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Convenience overload.</summary>
    public static Task<ToolResult> RunAsync(string tool, params string[] args) => RunAsync(tool, args, null);
}
