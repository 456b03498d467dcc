using System.Globalization;
using ImapTools.Common.Logging;

namespace ImapTools.Common.Connection;

/// <summary>
/// How often and how patiently a run retries work that failed because a connection was lost or the server asked to
/// slow down: up to <paramref name="Retries"/> retries, waiting <paramref name="FirstWait"/> before the first and
/// doubling up to <paramref name="MaxWait"/> (a server's own suggested backoff wins).
/// </summary>
/// <param name="Retries">Retries after the first attempt (0: fail at once, like the originals).</param>
/// <param name="FirstWait">The wait before the first retry.</param>
/// <param name="MaxWait">The longest wait between two attempts.</param>
public sealed record RetryPolicy(int Retries, TimeSpan FirstWait, TimeSpan MaxWait)
{
    /// <summary>Five retries, 1 s doubling to at most 32 s.</summary>
    public static RetryPolicy Default { get; } = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    /// <summary>No retries.</summary>
    public static RetryPolicy None { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (1-based) after a lost connection: doubling from
    /// <see cref="FirstWait"/>, at most 32 times it and never more than <see cref="MaxWait"/>.
    /// </summary>
    public TimeSpan WaitBefore(int retry)
    {
        double seconds = FirstWait.TotalSeconds * Math.Pow(2, Math.Clamp(retry - 1, 0, 5));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxWait.TotalSeconds));
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> (given the attempt number, 0 first) until it completes. When it fails with a
    /// lost connection (<see cref="ServerFault.IsConnectionLoss"/>, or any error after which <paramref name="connected"/>
    /// is false) or with throttling (<see cref="ServerFault.ThrottleDelay"/>), logs one line, waits, calls
    /// <paramref name="reconnect"/> when a connection is down, and tries again; after <see cref="Retries"/> retries,
    /// or on any other error, the exception goes to the caller.
    /// </summary>
    /// <param name="what">What is being done, for the log ("copying INBOX").</param>
    /// <param name="attempt">The work; it must be safe to run again (resume, not repeat).</param>
    /// <param name="connected">True while every connection the work uses is up.</param>
    /// <param name="reconnect">Replaces the connections; may itself fail with a lost connection, which counts as a retry.</param>
    /// <param name="log">The run's log.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task RunAsync(string what, Func<int, Task> attempt, Func<bool> connected, Func<CancellationToken, Task> reconnect, ToolLog log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(connected);
        ArgumentNullException.ThrowIfNull(reconnect);
        ArgumentNullException.ThrowIfNull(log);
        bool needReconnect = false;
        for (int retry = 0; ; retry++)
        {
            try
            {
                if (needReconnect)
                {
                    await reconnect(ct).ConfigureAwait(false);
                    needReconnect = false;
                }
                await attempt(retry).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (retry < Retries && !ct.IsCancellationRequested && Classify(e, connected) is { } fault)
            {
                var wait = fault.Throttle ?? WaitBefore(retry + 1);
                needReconnect = !fault.IsThrottle || !connected();
                log.Warn(fault.IsThrottle
                    ? $"The server asks to slow down while {what} ({ServerFault.Describe(e)}); waiting {Format(wait)} (retry {retry + 1} of {Retries})"
                    : $"Connection lost while {what} ({ServerFault.Describe(e)}); reconnecting in {Format(wait)} (retry {retry + 1} of {Retries})");
                await Task.Delay(wait, ct).ConfigureAwait(false);
            }
        }
    }

    private static (bool IsThrottle, TimeSpan? Throttle)? Classify(Exception e, Func<bool> connected)
    {
        if (ServerFault.ThrottleDelay(e) is TimeSpan throttle) return (true, throttle > TimeSpan.Zero ? throttle : null);
        if (ServerFault.IsConnectionLoss(e)) return (false, null);
        bool up;
        try { up = connected(); }
        catch (ObjectDisposedException) { up = false; }
        return up ? null : (false, null);
    }

    private static string Format(TimeSpan t) =>
        t.TotalSeconds >= 1 ? t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s" : ((int)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
}
