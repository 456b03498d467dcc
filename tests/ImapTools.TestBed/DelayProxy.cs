using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ImapTools.TestBed;

/// <summary>
/// A TCP proxy on 127.0.0.1 that delays every byte by a fixed time in each direction, as a WAN link would, without
/// limiting bandwidth: data read at t is written at t + delay, and reading goes on meanwhile.
/// </summary>
public sealed class DelayProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly TimeSpan _delay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private DelayProxy(int targetPort, TimeSpan delay)
    {
        _targetPort = targetPort;
        _delay = delay;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port to connect to instead of the target's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Starts a proxy to 127.0.0.1:<paramref name="targetPort"/> adding <paramref name="oneWayDelay"/> each way.</summary>
    public static DelayProxy Start(int targetPort, TimeSpan oneWayDelay) => new(targetPort, oneWayDelay);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token).ConfigureAwait(false);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var a = PumpAsync(client.GetStream(), server.GetStream(), linked.Token);
                var b = PumpAsync(server.GetStream(), client.GetStream(), linked.Token);
                await Task.WhenAny(a, b).ConfigureAwait(false);
                linked.Cancel();
                await Task.WhenAll(a.ContinueWith(_ => { }), b.ContinueWith(_ => { })).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Reads from <paramref name="from"/> continuously and writes each chunk once its delay has passed.</summary>
    private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken ct)
    {
        var queue = Channel.CreateUnbounded<(long Due, byte[] Data)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            await foreach (var (due, data) in queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                long wait = due - Stopwatch.GetTimestamp();
                if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct).ConfigureAwait(false);
                await to.WriteAsync(data, ct).ConfigureAwait(false);
            }
            to.Socket.Shutdown(SocketShutdown.Send);
        }, ct);
        long delayTicks = (long)(_delay.TotalSeconds * Stopwatch.Frequency);
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                queue.Writer.TryWrite((Stopwatch.GetTimestamp() + delayTicks, buffer.AsSpan(0, n).ToArray()));
        }
        finally
        {
            queue.Writer.TryComplete();
        }
        await writer.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accepting.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
