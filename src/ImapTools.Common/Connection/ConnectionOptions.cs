using ImapTools.Common.CommandLine;

namespace ImapTools.Common.Connection;

/// <summary>The long options every rebuilt tool without a legacy timeout flag shares: <c>--insecure</c> and <c>--timeout</c>.</summary>
public static class ConnectionOptions
{
    /// <summary><c>--insecure</c>: accept any server certificate.</summary>
    public static readonly LongOption Insecure = new("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)");

    /// <summary><c>--timeout SECONDS</c>: per-operation timeout.</summary>
    public static readonly LongOption Timeout = new("timeout", true, "seconds before a silent server is given up (default 300)", "SECONDS");

    /// <summary><c>--retries N</c>: how often a lost connection or throttling is retried (default 5; 0 fails at once).</summary>
    public static readonly LongOption Retries = new("retries", true, "retries after a lost connection or throttling (default 5, 0: none)", "N");

    /// <summary><c>--retry-wait SECONDS</c>: the first wait before reconnecting; it doubles up to 60 s.</summary>
    public static readonly LongOption RetryWait = new("retry-wait", true, "seconds before the first reconnect, doubling up to 60 (default 1)", "SECONDS");

    /// <summary>The retry policy from <c>--retries</c> and <c>--retry-wait</c>.</summary>
    /// <exception cref="ImapToolsException">A value is not a non-negative number (usage error).</exception>
    public static RetryPolicy RetryFrom(ParsedCommandLine p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var policy = RetryPolicy.Default;
        if (p.Value("retries") is string r)
        {
            if (!int.TryParse(r, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int retries) || retries < 0)
                throw new ImapToolsException($"Invalid value for --retries: '{r}'", ExitCodes.Usage);
            policy = policy with { Retries = retries };
        }
        if (p.Value("retry-wait") is string w)
        {
            if (!double.TryParse(w, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds) || seconds < 0 || seconds > 3600)
                throw new ImapToolsException($"Invalid value for --retry-wait: '{w}'", ExitCodes.Usage);
            policy = policy with { FirstWait = TimeSpan.FromSeconds(seconds) };
        }
        return policy;
    }

    /// <summary>The settings from <c>--insecure</c> (or IMAPTOOLS_INSECURE=1) and <c>--timeout</c>.</summary>
    /// <exception cref="ImapToolsException">The timeout is not a positive integer (usage error).</exception>
    public static ConnectionSettings From(ParsedCommandLine p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var timeout = ConnectionSettings.DefaultTimeout;
        if (p.Value("timeout") is string t)
        {
            if (!int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int seconds) || seconds <= 0)
                throw new ImapToolsException($"Invalid value for --timeout: '{t}'", ExitCodes.Usage);
            timeout = TimeSpan.FromSeconds(seconds);
        }
        return new ConnectionSettings(timeout, p.Has("insecure") || ConnectionSettings.InsecureFromEnvironment());
    }
}
