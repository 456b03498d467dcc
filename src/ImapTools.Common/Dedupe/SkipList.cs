namespace ImapTools.Common.Dedupe;

/// <summary>
/// The <c>imapcopy.skip</c> file (imapcopy spec §3.2): one message key per line; a message whose key matches a line
/// exactly is never copied. Read as UTF-8; a trailing CR is removed (the original kept it, so a file edited on Windows
/// never matched) and blank lines are ignored.
/// </summary>
public sealed class SkipList
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly List<string> _keys = new();

    private SkipList() { }

    /// <summary>An empty list.</summary>
    public static SkipList Empty { get; } = new();

    /// <summary>Reads the file when it exists; returns an empty list when it does not.</summary>
    /// <param name="path">Normally <c>imapcopy.skip</c> in the current directory.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ImapToolsException">The file exists but cannot be read (<see cref="ExitCodes.File"/>).</exception>
    public static SkipList LoadIfPresent(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) return new SkipList();
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImapToolsException($"Can't open {path}: {e.Message}", ExitCodes.File, e);
        }
        var list = new SkipList();
        foreach (string line in lines)
        {
            string key = line.TrimEnd('\r');
            if (key.Length > 0 && list._set.Add(key)) list._keys.Add(key);
        }
        return list;
    }

    /// <summary>True when <paramref name="key"/> is listed (exact, case-sensitive).</summary>
    /// <param name="key">A message key.</param>
    /// <returns>True when the message must be skipped.</returns>
    public bool Contains(string key) => _set.Contains(key);

    /// <summary>The listed keys in file order, without duplicates (for the start-up "putting ... in skip file" lines).</summary>
    public IReadOnlyCollection<string> Keys => _keys;
}
