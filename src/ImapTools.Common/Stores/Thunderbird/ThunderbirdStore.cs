using ImapTools.Common.Copy;
using ImapTools.Common.Stores.Mbox;

namespace ImapTools.Common.Stores.Thunderbird;

/// <summary>
/// A Thunderbird (Mozilla) mail directory, read only: every folder is an mbox file without extension; its
/// sub-folders live in the directory <c>&lt;name&gt;.sbd</c> next to it (<c>Archives.sbd/2013</c> is
/// <c>Archives/2013</c>); <c>.msf</c> summary files and Thunderbird's other side files are ignored. The top-level
/// <c>Inbox</c> is named <c>INBOX</c>. Flags come from the Mozilla status headers (<see cref="MozillaStatusDialect"/>).
/// </summary>
public sealed class ThunderbirdStore : IMailStore
{
    private static readonly string[] SideFileEndings = [".msf", ".dat", ".html", ".json", ".sqlite", ".js", ".mab", ".txt", ".log"];
    private Dictionary<string, string>? _files;
    private readonly List<MboxFolderSource> _opened = [];

    /// <summary>Reads the tree below <paramref name="root"/> (e.g. <c>…/Mail/Local Folders</c>).</summary>
    public ThunderbirdStore(string root) => Root = root;

    /// <inheritdoc />
    public string Root { get; }

    /// <inheritdoc />
    public char Delimiter => '/';

    /// <summary>Receives one line per file skipped while listing (not a mail folder).</summary>
    public Action<string>? Skipped { get; set; }

    /// <summary>The folder file of <paramref name="folder"/>.</summary>
    public string PathOf(string folder) => Files().TryGetValue(folder, out var path) ? path
        : throw new FileNotFoundException($"No Thunderbird folder {folder} in {Root}");

    /// <summary>The sources opened so far (after a run: how many expunged messages each skipped).</summary>
    public IReadOnlyList<MboxFolderSource> Opened => _opened;

    /// <inheritdoc />
    public IReadOnlyList<string> ListFolders()
    {
        _files = null;
        return Files().Keys.ToList();
    }

    /// <inheritdoc />
    public IMessageSource OpenSource(string folder)
    {
        var source = new MboxFolderSource(PathOf(folder), folder, MozillaStatusDialect.Instance);
        _opened.Add(source);
        return source;
    }

    /// <inheritdoc />
    public IMessageSink OpenSink(string folder) => throw new NotSupportedException("Thunderbird folders are read only here");

    /// <summary>The folder name of a file below the root: <c>.sbd</c> removed from every directory, top-level Inbox → INBOX.</summary>
    public static string FolderName(string relativePath)
    {
        var parts = relativePath.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.EndsWith(".sbd", StringComparison.Ordinal) ? p[..^4] : p).ToArray();
        string name = string.Join('/', parts);
        return name.Equals("Inbox", StringComparison.OrdinalIgnoreCase) ? "INBOX" : name;
    }

    private Dictionary<string, string> Files()
    {
        if (_files is not null) return _files;
        if (!Directory.Exists(Root)) throw new DirectoryNotFoundException($"{Root} does not exist");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 })
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (string full in all)
        {
            string relative = Path.GetRelativePath(Root, full);
            string name = Path.GetFileName(full);
            if (name.StartsWith('.') || SideFileEndings.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase))) continue;
            if (relative.Split(Path.DirectorySeparatorChar).SkipLast(1).Any(d => d.EndsWith(".mozmsgs", StringComparison.Ordinal) || d.StartsWith('.'))) continue;
            bool mbox;
            try { mbox = MboxFile.LooksLikeMbox(full); }
            catch (Exception e) when (FileErrors.IsFileError(e))
            {
                Skipped?.Invoke($"Skipping {full}: {FileErrors.Describe(e)}");
                continue;
            }
            if (!mbox)
            {
                Skipped?.Invoke($"Skipping {full}: not a mail folder (it does not start with a From_ line)");
                continue;
            }
            files.TryAdd(FolderName(relative), full);
        }
        return _files = files;
    }
}
