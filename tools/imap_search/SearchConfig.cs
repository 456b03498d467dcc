using ImapTools.Common;

namespace ImapTools.Tools.ImapSearch;

/// <summary>
/// The config file <c>imap_search.cf</c> (spec imap_search §3): <c>key: value</c> lines; keys <c>server</c>,
/// <c>admin_user</c>, <c>admin_pwd</c>. Blank lines and <c>#</c> lines are skipped; any other line without a colon
/// is an error naming the line.
/// </summary>
public sealed class SearchConfig
{
    /// <summary>Where the file is looked for, in order; the first that exists is read.</summary>
    public static readonly IReadOnlyList<string> Places = ["./imap_search.cf", "/etc/imap_search.cf", "/var/tmp/imap_search.cf", "/usr/bin/imap_search.cf"];

    private readonly Dictionary<string, string> _values;

    private SearchConfig(string? path, Dictionary<string, string> values)
    {
        Path = path;
        _values = values;
    }

    /// <summary>The file read, or null when none was found.</summary>
    public string? Path { get; }

    /// <summary><c>server</c>: host[:port].</summary>
    public string? Server => Get("server");

    /// <summary><c>admin_user</c>.</summary>
    public string? AdminUser => Get("admin_user");

    /// <summary><c>admin_pwd</c>.</summary>
    public string? AdminPassword => Get("admin_pwd");

    /// <summary>True when both admin keys are set: every login is then AUTHENTICATE PLAIN.</summary>
    public bool HasAdmin => AdminUser is not null && AdminPassword is not null;

    private string? Get(string key) => _values.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    /// <summary>Reads <paramref name="explicitPath"/> (must exist), or the first of <see cref="Places"/> that exists, or nothing.</summary>
    /// <exception cref="ImapToolsException">The file cannot be read or has a malformed line (<see cref="ExitCodes.File"/>).</exception>
    public static SearchConfig Load(string? explicitPath)
    {
        string? path = explicitPath ?? Places.FirstOrDefault(File.Exists);
        if (path is null) return new SearchConfig(null, new Dictionary<string, string>(StringComparer.Ordinal));
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Can't open config file {path}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
        return new SearchConfig(path, Parse(lines, path));
    }

    /// <summary>Parses the lines of a config file; <paramref name="fileName"/> names it in errors.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> lines, string fileName)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int colon = line.IndexOf(':');
            string key = colon < 0 ? "" : string.Concat(line[..colon].Where(c => !char.IsWhiteSpace(c)));
            if (key.Length == 0)
                throw new ImapToolsException($"Error at line {number} in {fileName}: expected 'key: value' (server, admin_user, admin_pwd)", ExitCodes.File);
            values[key] = line[(colon + 1)..].Trim();
        }
        return values;
    }
}
