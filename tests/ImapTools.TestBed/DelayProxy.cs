using System.Buffers;
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

    /// <summary>
    /// Reads from <paramref name="from"/> continuously and writes each chunk once its delay has passed. Every chunk that
    /// is due is written in one go, and the writer sleeps only until the next chunk is due: the proxy costs little CPU
    /// (one timer per wait, not per chunk), so on a small machine it does not take CPU from the programs measured.
    /// </summary>
    private async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken ct)
    {
        var queue = Channel.CreateUnbounded<(long Due, byte[] Data, int Length)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(() => WriteDueAsync(queue.Reader, to, ct), ct);
        long delayTicks = (long)(_delay.TotalSeconds * Stopwatch.Frequency);
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
                int n = await from.ReadAsync(buffer, ct).ConfigureAwait(false);
                if (n == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }
                queue.Writer.TryWrite((Stopwatch.GetTimestamp() + delayTicks, buffer, n));
                // A short chunk: let more arrive before the next read (about a millisecond, small against the delay),
                // so a stream of small writes costs a few large reads instead of one read each.
                if (n < 16 * 1024 && delayTicks > 0) await Task.Delay(1, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            queue.Writer.TryComplete();
        }
        await writer.ConfigureAwait(false);
    }

    private static async Task WriteDueAsync(ChannelReader<(long Due, byte[] Data, int Length)> queue, NetworkStream to, CancellationToken ct)
    {
        var pending = new byte[256 * 1024];
        int filled = 0;
        while (await queue.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (queue.TryPeek(out var head))
            {
                long wait = head.Due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    if (filled > 0)
                    {
                        await to.WriteAsync(pending.AsMemory(0, filled), ct).ConfigureAwait(false);
                        filled = 0;
                    }
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct).ConfigureAwait(false);
                    continue;
                }
                queue.TryRead(out _);
                if (filled + head.Length > pending.Length)
                {
                    await to.WriteAsync(pending.AsMemory(0, filled), ct).ConfigureAwait(false);
                    filled = 0;
                }
                head.Data.AsSpan(0, head.Length).CopyTo(pending.AsSpan(filled));
                filled += head.Length;
                ArrayPool<byte>.Shared.Return(head.Data);
            }
            if (filled > 0)
            {
                await to.WriteAsync(pending.AsMemory(0, filled), ct).ConfigureAwait(false);
                filled = 0;
            }
        }
        to.Socket.Shutdown(SocketShutdown.Send);
    }


    /// <summary>Stops accepting and ends every proxied connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accepting.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
