using System.Diagnostics;

namespace ImapTools.TestBed;

/// <summary>
/// A tool started as a real process that a test can watch line by line and kill with SIGKILL at a chosen moment
/// (crash-safety tests). Environment as <see cref="ToolRunner"/>: IMAPTOOLS_INSECURE=1.
/// </summary>
public sealed class ToolProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Task _stdout;
    private readonly Task _stderr;
    private readonly SemaphoreSlim _lineArrived = new(0);

    private ToolProcess(Process process)
    {
        _process = process;
        _stdout = PumpAsync(process.StandardOutput);
        _stderr = PumpAsync(process.StandardError);
    }

    /// <summary>Starts <paramref name="tool"/> with <paramref name="args"/>.</summary>
    public static ToolProcess Start(string tool, IEnumerable<string> args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, tool + ".dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["IMAPTOOLS_INSECURE"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new ToolProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>Every stdout and stderr line so far.</summary>
    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }

    /// <summary>The exit code once the process ended (137-style codes are not reported for a kill: check <see cref="KillAsync"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>True once the process ended by itself or was killed.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Waits until <paramref name="count"/> lines satisfy <paramref name="match"/>; false when the process ended first.</summary>
    public async Task<bool> WaitForLinesAsync(Func<string, bool> match, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            lock (_lines) if (_lines.Count(match) >= count) return true;
            if (_process.HasExited && _stdout.IsCompleted && _stderr.IsCompleted) return false;
            try { await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(100), cts.Token); }
            catch (OperationCanceledException) { return false; }
        }
    }

    /// <summary>Kills the process with SIGKILL (no handler runs); true when it was still running.</summary>
    public async Task<bool> KillAsync()
    {
        bool running = !_process.HasExited;
        if (running)
        {
            try { _process.Kill(entireProcessTree: false); }
            catch (InvalidOperationException) { running = false; }
        }
        await _process.WaitForExitAsync();
        return running;
    }

    /// <summary>Waits for the end and returns the exit code.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await Task.WhenAll(_stdout, _stderr);
        return _process.ExitCode;
    }

    private async Task PumpAsync(StreamReader reader)
    {
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            lock (_lines) _lines.Add(line);
            _lineArrived.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(); } catch (InvalidOperationException) { }
        }
        _process.Dispose();
        _lineArrived.Dispose();
    }
}
