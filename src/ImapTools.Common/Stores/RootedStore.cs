using ImapTools.Common.Copy;

namespace ImapTools.Common.Stores;

/// <summary>
/// Shows every folder of another store below one root folder (<c>-p</c>/<c>-r</c> of the import tools):
/// <c>Sent</c> → <c>root/Sent</c>, <c>INBOX</c> → <c>root/INBOX</c>.
/// </summary>
public sealed class RootedStore : IMailStore
{
    private readonly IMailStore _inner;
    private readonly string _root;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="root"/> uses the inner store's delimiter for levels.</summary>
    public RootedStore(IMailStore inner, string root)
    {
        _inner = inner;
        _root = root.TrimEnd(inner.Delimiter);
    }

    /// <inheritdoc />
    public string Root => _inner.Root;

    /// <inheritdoc />
    public char Delimiter => _inner.Delimiter;

    /// <inheritdoc />
    public IReadOnlyList<string> ListFolders() => _inner.ListFolders().Select(f => _root + Delimiter + f).ToList();

    /// <inheritdoc />
    public IMessageSource OpenSource(string folder) => _inner.OpenSource(Inner(folder));

    /// <inheritdoc />
    public IMessageSink OpenSink(string folder) => _inner.OpenSink(Inner(folder));

    private string Inner(string folder) =>
        folder.StartsWith(_root + Delimiter, StringComparison.Ordinal) ? folder[(_root.Length + 1)..] : folder;
}
