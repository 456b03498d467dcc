using System.Collections.Concurrent;
using System.Text;
using MailKit;

namespace ImapTools.Common.Connection;

/// <summary>
/// A protocol logger decorator that notices throttling replies (<c>[THROTTLED]</c>, "Suggested Backoff Time") in
/// what servers send and remembers those lines for a minute, because MailKit drops unknown response codes from
/// <see cref="MailKit.Net.Imap.ImapCommandException"/>. <see cref="ServerFault.ThrottleDelay"/> matches an exception's
/// response text against them. Only a fast byte search runs on normal traffic.
/// </summary>
public sealed class ThrottleWatcher : ProtocolLoggerDecorator
{
    private static readonly ConcurrentQueue<(DateTime Seen, string Line)> Lines = new();
    private static readonly TimeSpan Memory = TimeSpan.FromMinutes(1);
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public ThrottleWatcher(IProtocolLogger inner) : base(inner) { }

    /// <summary>Throttling lines seen in the last minute, newest last.</summary>
    public static IReadOnlyList<string> Recent
    {
        get
        {
            var cutoff = DateTime.UtcNow - Memory;
            while (Lines.TryPeek(out var oldest) && oldest.Seen < cutoff) Lines.TryDequeue(out _);
            return Lines.Select(l => l.Line).ToList();
        }
    }

    /// <inheritdoc />
    public override void LogServer(byte[] buffer, int offset, int count)
    {
        var data = buffer.AsSpan(offset, count);
        Notice(data, "THROTTLED"u8);
        Notice(data, "Backoff Time"u8);
        Inner.LogServer(buffer, offset, count);
    }

    private static void Notice(ReadOnlySpan<byte> data, ReadOnlySpan<byte> marker)
    {
        int at = data.IndexOf(marker);
        if (at < 0) return;
        int start = data[..at].LastIndexOf((byte)'\n') + 1;
        int end = data[at..].IndexOf((byte)'\n');
        var line = end < 0 ? data[start..] : data[start..(at + end)];
        Lines.Enqueue((DateTime.UtcNow, Encoding.UTF8.GetString(line).TrimEnd('\r')));
        while (Lines.Count > 64) Lines.TryDequeue(out _);
    }
}
