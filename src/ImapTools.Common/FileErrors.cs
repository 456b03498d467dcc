namespace ImapTools.Common;

/// <summary>Describes file-system failures the way the legacy tools printed Perl's <c>$!</c>.</summary>
public static class FileErrors
{
    /// <summary>True for the exceptions that mean a file or directory could not be read or written.</summary>
    public static bool IsFileError(Exception e) =>
        e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException;

    /// <summary>Perl's <c>$!</c> wording for the common cases ("No such file or directory", "Permission denied"), else the .NET message.</summary>
    public static string Describe(Exception e) => e switch
    {
        DirectoryNotFoundException or FileNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        ArgumentException when e.Message.Contains("empty", StringComparison.OrdinalIgnoreCase) => "No such file or directory",
        _ => e.Message,
    };
}
