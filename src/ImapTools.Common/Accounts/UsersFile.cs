using System.Text.RegularExpressions;

namespace ImapTools.Common.Accounts;

/// <summary>
/// The layout of one tool's users file: how a line splits into fields and how many it needs.
/// </summary>
/// <param name="Layout">The line layout shown in errors, e.g. <c>srcuser:srcpwd:dstuser:dstpwd</c>.</param>
/// <param name="Separator">What separates fields (see the presets on <see cref="UsersFileFormat"/>).</param>
/// <param name="MinFields">Lines with fewer fields are an error naming the line.</param>
/// <param name="MaxFields">Fields beyond this are ignored, or kept in the last one with <paramref name="RestInLastField"/>.</param>
/// <param name="RestInLastField">Split at most <paramref name="MaxFields"/>-1 times, so the last field keeps any further separators.</param>
public sealed record UsersFileFormat(string Layout, Regex Separator, int MinFields, int MaxFields, bool RestInLastField = false)
{
    /// <summary>A bare colon.</summary>
    public static readonly Regex Colon = new(":", RegexOptions.CultureInvariant);

    /// <summary>A colon with any whitespace around it (migrateIMAP).</summary>
    public static readonly Regex SpacedColon = new(@"\s*:\s*", RegexOptions.CultureInvariant);

    /// <summary>A run of whitespace.</summary>
    public static readonly Regex Whitespace = new(@"\s+", RegexOptions.CultureInvariant);

    /// <summary>A comma (maildir_to_imap).</summary>
    public static readonly Regex Comma = new(",", RegexOptions.CultureInvariant);

    /// <summary>A colon or a vertical bar (imapdump).</summary>
    public static readonly Regex ColonOrBar = new("[:|]", RegexOptions.CultureInvariant);

    /// <summary><c>srcuser:srcpwd:dstuser:dstpwd</c> (imapsync, imap_audit, migrateIMAP with <see cref="SpacedColon"/>).</summary>
    public static UsersFileFormat SourceAndDestination(Regex separator) =>
        new("srcuser:srcpwd:dstuser:dstpwd", separator, 3, 4);

    /// <summary><c>user:password</c> split at the first colon, or just <c>user</c> when <paramref name="passwordOptional"/>.</summary>
    public static UsersFileFormat UserPassword(bool passwordOptional) =>
        new(passwordOptional ? "user[:password]" : "user:password", Colon, passwordOptional ? 1 : 2, 2, RestInLastField: true);
}

/// <summary>One account line of a users file.</summary>
/// <param name="LineNumber">The 1-based physical line number, for messages.</param>
/// <param name="Fields">The fields, with <c>\:</c> escapes and <c>oauth2:</c> tokens restored.</param>
public sealed record UsersFileEntry(int LineNumber, IReadOnlyList<string> Fields)
{
    /// <summary>The field at <paramref name="index"/>, or an empty string when the line has fewer fields.</summary>
    public string this[int index] => index < Fields.Count ? Fields[index] : "";
}

/// <summary>
/// Reads the users files of the legacy tools (spec _common §10) with the shared decisions: leading and trailing
/// whitespace and a Windows CR are removed, blank lines and <c>#</c> lines are skipped, <c>\:</c> stands for a
/// literal colon in any field, and <c>oauth2:</c> keeps its colon (an XOAUTH2 token is not split).
/// </summary>
public static class UsersFile
{
    private const char EscapedColon = '\uE000';
    private const char OAuthColon = '\uE001';

    /// <summary>Reads <paramref name="path"/>; an unreadable file or a malformed line is an <see cref="ImapToolsException"/>.</summary>
    /// <param name="path">The users file.</param>
    /// <param name="format">The tool's line layout.</param>
    /// <param name="openErrorText">The legacy text before the file name when it cannot be opened.</param>
    public static IReadOnlyList<UsersFileEntry> Read(string path, UsersFileFormat format, string openErrorText = "Error opening users file")
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"{openErrorText} {path}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
        return Parse(lines, format, path);
    }

    /// <summary>Parses the lines of a users file; <paramref name="fileName"/> names it in errors.</summary>
    public static IReadOnlyList<UsersFileEntry> Parse(IEnumerable<string> lines, UsersFileFormat format, string fileName = "users file")
    {
        var entries = new List<UsersFileEntry>();
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            line = line.Replace("\\:", EscapedColon.ToString(), StringComparison.Ordinal)
                       .Replace("oauth2:", "oauth2" + OAuthColon, StringComparison.Ordinal);
            string[] parts = format.RestInLastField
                ? format.Separator.Split(line, format.MaxFields)
                : format.Separator.Split(line);
            var fields = parts.Take(format.MaxFields)
                .Select(f => f.Replace(EscapedColon, ':').Replace(OAuthColon, ':'))
                .ToList();
            if (fields.Count < format.MinFields)
                throw new ImapToolsException($"Error at line {number} in {fileName}: not in {format.Layout} format", ExitCodes.File);
            entries.Add(new UsersFileEntry(number, fields));
        }
        return entries;
    }
}
