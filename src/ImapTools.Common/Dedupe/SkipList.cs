namespace ImapTools.Common.Dedupe;

/// <summary>imapcopy.skip: message keys (one per line, exact) that are never copied.</summary>
public sealed class SkipList
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="path"/> when it exists; an absent file gives an empty list.</summary>
    public static SkipList LoadIfPresent(string path)
    {
        var list = new SkipList();
        if (!File.Exists(path)) return list;
        try
        {
            foreach (var line in File.ReadLines(path))
                if (line.TrimEnd('\r').Length > 0) list._keys.Add(line.TrimEnd('\r'));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImapToolsException($"Can't open {path}: {e.Message}", ExitCodes.File, e);
        }
        return list;
    }

    /// <summary>True when the key is listed.</summary>
    public bool Contains(string key) => _keys.Contains(key);

    /// <summary>The listed keys.</summary>
    public IReadOnlyCollection<string> Keys => _keys;
}
