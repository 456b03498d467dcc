using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImapTools.Tools.ImapCopyWeb.Tests;

/// <summary>A real SMTP server for the test: Python's standard-library smtpd (DebuggingServer prints each message).</summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SmtpReceiver(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Starts python3 -m smtpd on a free port and waits until it accepts connections.</summary>
    public static async Task<SmtpReceiver> StartAsync()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-u", "-W", "ignore", "-m", "smtpd", "-n", "-c", "DebuggingServer", $"127.0.0.1:{port}" }) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start");
        var receiver = new SmtpReceiver(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (receiver._output) receiver._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (receiver._output) receiver._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return receiver;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"python3 -m smtpd did not listen on {port}: {receiver.Text}");
    }

    /// <summary>Everything received so far.</summary>
    public string Text { get { lock (_output) return _output.ToString(); } }

    /// <summary>Waits until the received text contains <paramref name="marker"/>.</summary>
    public async Task<string> WaitForAsync(string marker, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Text.Contains(marker, StringComparison.Ordinal)) return Text;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no mail containing '{marker}' arrived; received: {Text}");
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
