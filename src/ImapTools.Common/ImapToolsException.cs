namespace ImapTools.Common;

/// <summary>
/// An error that ends a tool run with a one-line message and a documented exit code.
/// The shared Main wrapper catches it, prints <see cref="Exception.Message"/> on stderr and exits with <see cref="ExitCode"/>.
/// </summary>
public class ImapToolsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImapToolsException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>The process exit code the run ends with.</summary>
    public int ExitCode { get; }
}

/// <summary>The exit codes shared by every tool (documented in README.md).</summary>
public static class ExitCodes
{
    /// <summary>Normal completion, usage printed, or -h.</summary>
    public const int Success = 0;
    /// <summary>Generic failure (the legacy imapcopy exit code for errors).</summary>
    public const int Failure = 1;
    /// <summary>Bad command line: unknown option, missing value, invalid date.</summary>
    public const int Usage = 2;
    /// <summary>Could not connect to a server (DNS, refused, TLS handshake, certificate).</summary>
    public const int Connect = 3;
    /// <summary>The server refused the credentials.</summary>
    public const int Authentication = 4;
    /// <summary>A local file could not be read or written (log, map file, -Z directory).</summary>
    public const int File = 5;
    /// <summary>The run finished but some messages or folders failed to copy.</summary>
    public const int Partial = 6;
    /// <summary>The server answered in a way the tool could not continue from.</summary>
    public const int Protocol = 7;
    /// <summary>Interrupted by a signal (SIGINT/SIGTERM).</summary>
    public const int Interrupted = 130;
}
