namespace ImapTools.Common.Connection;

/// <summary>Transport settings shared by every connection of a run.</summary>
/// <param name="Timeout">Per-operation timeout (-t, default 300 s).</param>
/// <param name="Insecure">Accept any server certificate (--insecure or IMAPTOOLS_INSECURE=1).</param>
public sealed record ConnectionSettings(TimeSpan Timeout, bool Insecure)
{
    /// <summary>The default timeout of the originals' -t.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    /// <summary>How lost connections and throttling are retried (<c>--retries</c>, <c>--retry-wait</c>).</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>The environment variable that turns certificate verification off without changing flags.</summary>
    public const string InsecureVariable = "IMAPTOOLS_INSECURE";

    /// <summary>True when the environment asks for insecure mode.</summary>
    public static bool InsecureFromEnvironment()
    {
        string? v = Environment.GetEnvironmentVariable(InsecureVariable);
        return v is not null && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }
}
