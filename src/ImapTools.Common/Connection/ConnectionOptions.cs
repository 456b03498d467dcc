using ImapTools.Common.CommandLine;

namespace ImapTools.Common.Connection;

/// <summary>The long options every rebuilt tool without a legacy timeout flag shares: <c>--insecure</c> and <c>--timeout</c>.</summary>
public static class ConnectionOptions
{
    /// <summary><c>--insecure</c>: accept any server certificate.</summary>
    public static readonly LongOption Insecure = new("insecure", false, "accept any server certificate (also IMAPTOOLS_INSECURE=1)");

    /// <summary><c>--timeout SECONDS</c>: per-operation timeout.</summary>
    public static readonly LongOption Timeout = new("timeout", true, "seconds before a silent server is given up (default 300)", "SECONDS");

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
