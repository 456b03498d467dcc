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

    private static ImapToolsException Invalid(char letter, string what, string value) =>
        new($"Invalid value for -{letter} ({what}): '{value}'", ExitCodes.Usage);
}
