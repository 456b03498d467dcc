namespace ImapTools.Common.Connection;

/// <summary>
/// Passwords that stay out of <c>ps</c>: a command-line password field of <c>env:NAME</c> is the value of the
/// environment variable NAME, <c>file:PATH</c> is the first line of the file PATH (trailing CR/LF removed). The
/// value read may itself be an <c>oauth2:TOKEN</c>. Resolved once, when the command line is parsed, before any
/// connection; any other text is the password itself. Users files are already files and are not resolved.
/// </summary>
public static class PasswordSource
{
    /// <summary>The prefix of a password read from the environment.</summary>
    public const string EnvironmentPrefix = "env:";

    /// <summary>The prefix of a password read from a file.</summary>
    public const string FilePrefix = "file:";

    /// <summary>True when <paramref name="value"/> names a source (<c>env:NAME</c> or <c>file:PATH</c>) rather than being the password.</summary>
    public static bool IsSource(string? value) =>
        value is not null
        && (value.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && value.Length > EnvironmentPrefix.Length
            || value.StartsWith(FilePrefix, StringComparison.Ordinal) && value.Length > FilePrefix.Length);

    /// <summary>
    /// Returns the password <paramref name="value"/> stands for: itself, or the variable's value, or the file's first line.
    /// </summary>
    /// <param name="value">The password field as written.</param>
    /// <param name="what">Names the field in errors, e.g. <c>-S</c> or <c>-A</c>.</param>
    /// <exception cref="ImapToolsException">
    /// The variable is not set or empty (<see cref="ExitCodes.Usage"/>, naming the variable); the file cannot be read or
    /// its first line is empty (<see cref="ExitCodes.File"/>, naming the file). The messages never contain a value.
    /// </exception>
    public static string Resolve(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsSource(value)) return value;
        if (value.StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
        {
            string name = value[EnvironmentPrefix.Length..];
            string? env = Environment.GetEnvironmentVariable(name);
            if (env is null)
                throw new ImapToolsException($"The {what} password is {value} but the environment variable {name} is not set", ExitCodes.Usage);
            if (env.Length == 0)
                throw new ImapToolsException($"The {what} password is {value} but the environment variable {name} is empty", ExitCodes.Usage);
            return env;
        }
        string path = value[FilePrefix.Length..];
        string? line;
        try
        {
            using var reader = new StreamReader(path);
            line = reader.ReadLine();
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Can't read the {what} password file {path}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
        // ReadLine already drops the CR/LF ending; a lone trailing CR (old Mac files) goes too.
        line = line?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(line))
            throw new ImapToolsException($"The {what} password file {path} has no password on its first line", ExitCodes.File);
        return line;
    }

    /// <summary>Like <see cref="Resolve(string, string)"/> with the flag letter as the name: <c>-S</c>.</summary>
    public static string Resolve(string value, char flag) => Resolve(value, "-" + flag);
}
