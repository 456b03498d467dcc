using System.Globalization;

namespace ImapTools.Common.CommandLine;

/// <summary>Small typed helpers for mapping a <see cref="ParsedCommandLine"/> into a tool's options.</summary>
public static class OptionValues
{
    /// <summary>
    /// The letter's value as an integer (invariant culture, optional sign, surrounding white space allowed);
    /// null when the letter was not given.
    /// </summary>
    /// <exception cref="ImapToolsException">The value is not an integer (<see cref="ExitCodes.Usage"/>):
    /// <c>Invalid value for -t (timeout): 'abc'</c>.</exception>
    public static int? Int(ParsedCommandLine p, char letter, string what)
    {
        ArgumentNullException.ThrowIfNull(p);
        string? v = p.Value(letter);
        if (v is null)
            return null;
        if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n))
            return n;
        throw Invalid(letter, what, v);
    }

    /// <summary>
    /// The letter's value as a finite decimal number (invariant culture: <c>.</c> is the decimal point, no
    /// thousands separators); null when the letter was not given.
    /// </summary>
    /// <exception cref="ImapToolsException">The value is not a finite number (<see cref="ExitCodes.Usage"/>).</exception>
    public static double? Double(ParsedCommandLine p, char letter, string what)
    {
        ArgumentNullException.ThrowIfNull(p);
        string? v = p.Value(letter);
        if (v is null)
            return null;
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
            return d;
        throw Invalid(letter, what, v);
    }

    /// <summary>
    /// Splits an imapcopy-style <c>-m</c>/<c>-e</c> list: the separator is <c>|</c> if the value contains
    /// <c>|</c>, else <c>,</c>. Items are trimmed (deliberate fix Q2: the original did not trim) and empty
    /// items are dropped. Null or empty gives an empty list.
    /// </summary>
    public static IReadOnlyList<string> List(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return Array.Empty<string>();
        char separator = value.Contains('|', StringComparison.Ordinal) ? '|' : ',';
        return value.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// Parses a message-number range <c>lower&lt;separator&gt;upper</c> (MboxtoIMAP <c>-r 2-10</c>, thunderbird_to_imap
    /// <c>-R 2:10</c>), 1-based and inclusive; null when the option is absent.
    /// </summary>
    /// <exception cref="ImapToolsException">Not two numbers, lower below 1 or above upper (a usage error).</exception>
    public static (int Lower, int Upper)? Range(ParsedCommandLine p, char letter, char separator)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Value(letter) is not string value) return null;
        string[] parts = value.Split(separator);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int lower)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int upper) && lower >= 1 && upper >= lower)
            return (lower, upper);
        throw new ImapToolsException($"Invalid range '{value}' for -{letter}: expected lower{separator}upper, e.g. 1{separator}100", ExitCodes.Usage);
    }

    private static ImapToolsException Invalid(char letter, string what, string value) =>
        new($"Invalid value for -{letter} ({what}): '{value}'", ExitCodes.Usage);
}
