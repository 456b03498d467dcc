using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Connection;

/// <summary>
/// Tells failures worth a retry from the rest: a lost connection (reset, closed, BYE, timeout) and a server that asks
/// to slow down (<c>[THROTTLED]</c>, Exchange's "Suggested Backoff Time: N milliseconds").
/// </summary>
public static partial class ServerFault
{
    /// <summary>True when <paramref name="e"/> (or an exception it wraps) means the connection is gone.</summary>
    public static bool IsConnectionLoss(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is IOException or SocketException or ImapProtocolException or ServiceNotConnectedException or TimeoutException)
                return true;
        }
        return false;
    }

    /// <summary>
    /// The wait a throttling server asked for: its suggested backoff, <see cref="TimeSpan.Zero"/> when it throttles
    /// without saying how long, or null when <paramref name="e"/> is not throttling.
    /// </summary>
    public static TimeSpan? ThrottleDelay(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            string text = x is ImapCommandException c ? $"{c.Message} {c.ResponseText}" : x.Message;
            var m = BackoffPattern().Match(text);
            if (m.Success)
            {
                double n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
                return m.Groups["unit"].Value.StartsWith('s') ? TimeSpan.FromSeconds(n) : TimeSpan.FromMilliseconds(n);
            }
            if (x is ImapCommandException && ThrottledPattern().IsMatch(text)) return TimeSpan.Zero;
            if (x is ImapCommandException cmd && cmd.ResponseText.Length > 0)
            {
                // MailKit drops unknown response codes such as [THROTTLED]: look for the line the server sent.
                foreach (string line in ThrottleWatcher.Recent)
                {
                    if (!line.EndsWith(cmd.ResponseText.Trim(), StringComparison.Ordinal)) continue;
                    var lm = BackoffPattern().Match(line);
                    if (!lm.Success) return TimeSpan.Zero;
                    double v = double.Parse(lm.Groups["n"].Value, CultureInfo.InvariantCulture);
                    return lm.Groups["unit"].Value.StartsWith('s') ? TimeSpan.FromSeconds(v) : TimeSpan.FromMilliseconds(v);
                }
            }
        }
        return null;
    }

    /// <summary>A one-line description of the failure for the log (never contains a password: commands are not quoted).</summary>
    public static string Describe(Exception e) => e switch
    {
        ImapCommandException c => $"{c.Response} {c.ResponseText}".ReplaceLineEndings(" ").Trim(),
        _ => (e.InnerException is { } i && e is ImapToolsException ? i.Message : e.Message).ReplaceLineEndings(" ").Trim(),
    };

    [GeneratedRegex(@"Suggested Backoff Time:\s*(?<n>\d+(\.\d+)?)\s*(?<unit>milliseconds|ms|seconds|s)?", RegexOptions.IgnoreCase)]
    private static partial Regex BackoffPattern();

    [GeneratedRegex(@"\bTHROTTLED\b|\bthrottl", RegexOptions.IgnoreCase)]
    private static partial Regex ThrottledPattern();
}
