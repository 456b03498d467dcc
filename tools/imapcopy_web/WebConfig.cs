using System.Globalization;
using ImapTools.Common;

namespace ImapTools.Tools.ImapCopyWeb;

/// <summary>
/// imapcopy.cf, the legacy configuration of the web front end (spec imapcopy §11.1): one <c>KEYWORD: value</c> per
/// line, split at the first colon. Legacy keys IMAPCOPY, LOGFILE, PROCESS_LIMIT, DEBUG, SHOWIMAP, ARGUMENTS,
/// LISTFOLDERS; new keys LISTEN (address to bind, default http://127.0.0.1:8080), INSECURE (1: accept any server
/// certificate) and ALLOWED_HOSTS (comma-separated servers users may name; empty: any).
/// </summary>
public sealed record WebConfig
{
    /// <summary>The imapcopy executable (a .dll is run with dotnet).</summary>
    public required string ImapCopy { get; init; }
    /// <summary>Log file for the front end and imapcopy's -L.</summary>
    public string? LogFile { get; init; }
    /// <summary>Copies that may run at once.</summary>
    public int ProcessLimit { get; init; } = 8;
    /// <summary>Pass -d.</summary>
    public bool Debug { get; init; }
    /// <summary>Pass -I.</summary>
    public bool ShowImap { get; init; }
    /// <summary>Extra imapcopy arguments, split like a shell would (quotes respected).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
    /// <summary>Show the source's folder table on the status page.</summary>
    public bool ListFolders { get; init; }
    /// <summary>Where Kestrel listens.</summary>
    public string Listen { get; init; } = "http://127.0.0.1:8080";
    /// <summary>Accept any server certificate (test beds, self-signed servers).</summary>
    public bool Insecure { get; init; }
    /// <summary>Servers a user may name; empty means any.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Reads the file; errors name the file and line and are file errors.</summary>
    public static WebConfig Load(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Can't open the configuration file {path}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int colon = line.IndexOf(':');
            if (colon <= 0) throw new ImapToolsException($"Error at line {i + 1} in {path}: expected KEYWORD: value", ExitCodes.File);
            values[line[..colon].Trim().Replace("\\_", "_")] = (line[(colon + 1)..].Trim(), i + 1);
        }
        string? Get(string key) => values.TryGetValue(key, out var v) ? v.Value : null;
        bool Flag(string key) => Get(key) is string v && (v == "1" || v.Equals("yes", StringComparison.OrdinalIgnoreCase));
        int limit = 8;
        if (Get("PROCESS_LIMIT") is string l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
            throw new ImapToolsException($"Error at line {values["PROCESS_LIMIT"].Line} in {path}: PROCESS_LIMIT must be a positive number", ExitCodes.File);
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string Resolve(string p) => Path.IsPathRooted(p) ? p : Path.Combine(dir, p);
        return new WebConfig
        {
            ImapCopy = Resolve(Get("IMAPCOPY") ?? Path.Combine(AppContext.BaseDirectory, "imapcopy")),
            LogFile = Get("LOGFILE") is string log && log.Length > 0 ? Resolve(log) : null,
            ProcessLimit = limit,
            Debug = Flag("DEBUG"),
            ShowImap = Flag("SHOWIMAP"),
            Arguments = ShellWords.Split(Get("ARGUMENTS") ?? ""),
            ListFolders = Flag("LISTFOLDERS"),
            Listen = Get("LISTEN") is string listen && listen.Length > 0 ? listen : "http://127.0.0.1:8080",
            Insecure = Flag("INSECURE"),
            AllowedHosts = (Get("ALLOWED_HOSTS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }
}

/// <summary>Splits ARGUMENTS into argv the way a shell would, and rejoins the guide's "-m Inbox, Drafts, Notes" lists.</summary>
public static class ShellWords
{
    /// <summary>Splits on blanks outside quotes; a word ending in a comma is joined with the next (a list typed with spaces).</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in text)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0'; else current.Append(c);
                continue;
            }
            if (c is '"' or '\'') { quote = c; inWord = true; continue; }
            if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
                continue;
            }
            current.Append(c);
            inWord = true;
        }
        if (quote != '\0') throw new ImapToolsException($"ARGUMENTS has an unbalanced {quote}", ExitCodes.File);
        if (inWord) words.Add(current.ToString());
        var joined = new List<string>();
        foreach (var w in words)
        {
            if (joined.Count > 0 && joined[^1].EndsWith(',') && !w.StartsWith('-')) joined[^1] += w;
            else joined.Add(w);
        }
        return joined;
    }
}
