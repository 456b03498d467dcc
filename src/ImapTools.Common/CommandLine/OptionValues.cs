using System.Globalization;

namespace ImapTools.Common.CommandLine;

/// <summary>Typed readers used when a tool maps its flags into an options record; bad values are usage errors.</summary>
public static class OptionValues
{
    /// <summary>The letter's value as an integer, or null when not given.</summary>
    public static int? Int(ParsedCommandLine p, char letter, string what)
    {
        string? v = p.Value(letter);
        if (v is null) return null;
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n)
            ? n : throw new ImapToolsException($"Invalid value for -{letter} ({what}): '{v}'", ExitCodes.Usage);
    }

    /// <summary>The letter's value as a number, or null when not given.</summary>
    public static double? Double(ParsedCommandLine p, char letter, string what)
    {
        string? v = p.Value(letter);
        if (v is null) return null;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= 0
            ? d : throw new ImapToolsException($"Invalid value for -{letter} ({what}): '{v}'", ExitCodes.Usage);
    }

    /// <summary>
    /// A mailbox list (imapcopy -m/-e): separated by <c>|</c> when the value contains one, else by commas; items are
    /// trimmed and empty items dropped (the original kept the spaces, which asked for " Drafts").
    /// </summary>
    public static IReadOnlyList<string> List(string? value)
    {
        if (string.IsNullOrEmpty(value)) return [];
        char separator = value.Contains('|') ? '|' : ',';
        return value.Split(separator).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
    }
}
