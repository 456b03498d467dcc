using ImapTools.Common.Copy;

namespace ImapTools.Common.Stores;

/// <summary>
/// A view of another store whose folders carry other names (maildir_to_imap -M map, dumptoIMAP -r root):
/// <see cref="ListFolders"/> returns the new names and the open methods accept them.
/// </summary>
public sealed class RenamedStore : IMailStore
{
    private readonly IMailStore _inner;
    private readonly Func<string, string> _rename;
    private readonly Dictionary<string, string> _back = new(StringComparer.Ordinal);

    /// <summary>Creates the view.</summary>
    /// <param name="inner">The real store.</param>
    /// <param name="rename">Maps an inner folder name to the name shown.</param>
    public RenamedStore(IMailStore inner, Func<string, string> rename)
    {
        _inner = inner;
        _rename = rename;
    }

    /// <inheritdoc />
    public string Root => _inner.Root;

    /// <inheritdoc />
    public char Delimiter => _inner.Delimiter;

    /// <inheritdoc />
    public IReadOnlyList<string> ListFolders()
    {
        var result = new List<string>();
        foreach (string folder in _inner.ListFolders())
        {
            string shown = Rename(folder);
            result.Add(shown);
        }
        return result;
    }

    /// <summary>The shown name of an inner folder (remembered so the open methods find it again).</summary>
    public string Rename(string innerFolder)
    {
        string shown = _rename(innerFolder);
        lock (_back) _back[shown] = innerFolder;
        return shown;
    }

    /// <inheritdoc />
    public IMessageSource OpenSource(string folder) => _inner.OpenSource(Inner(folder));

    /// <inheritdoc />
    public IMessageSink OpenSink(string folder) => _inner.OpenSink(Inner(folder));

    private string Inner(string folder)
    {
        lock (_back) return _back.TryGetValue(folder, out string? inner) ? inner : folder;
    }
}
