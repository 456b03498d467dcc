using System.Text;
using ImapTools.Common.Copy;

namespace ImapTools.Common.Stores.Mbox;

/// <summary>
/// A directory of mbox files, one per mailbox (the IMAPtoMbox/MboxtoIMAP layout), or a single mbox file.
/// </summary>
/// <remarks>
/// Writing keeps the legacy file names: the folder name with every <c>/</c> replaced by <c>-</c> directly in the
/// directory (<c>Archive/2019</c> → <c>Archive-2019</c>). Because that flattening cannot be undone, the store also
/// records each file's real folder name in <see cref="IndexFileName"/> (a text file legacy readers skip: it does not
/// start with <c>From</c>), and reading uses it, so folder names survive the round trip. Files not in the index are
/// folders named by their path below the root (<c>a/b.mbox</c> → <c>a/b</c>); files that do not start with a From_
/// line are skipped (reported through <see cref="Skipped"/>), as are empty files the index does not name.
/// </remarks>
public sealed class MboxStore : IMailStore
{
    /// <summary>The name of the folder index written next to the mbox files.</summary>
    public const string IndexFileName = ".imaptools-folders";

    private const string IndexHeader = "# ImapTools mbox folder index: <file name> TAB <folder name>";
    private readonly string? _singleFolder;
    private readonly MboxDialect _dialect;
    private Dictionary<string, string>? _folderToFile;

    /// <summary>A directory of mbox files (created on first write when missing).</summary>
    public MboxStore(string root, MboxDialect? dialect = null)
    {
        Root = root;
        _dialect = dialect ?? MboxDialect.StatusHeaders;
    }

    private MboxStore(string file, string folder, MboxDialect dialect)
    {
        Root = file;
        _singleFolder = folder;
        _dialect = dialect;
    }

    /// <summary>One mbox file read or written as the folder <paramref name="folder"/>.</summary>
    public static MboxStore ForFile(string file, string folder, MboxDialect? dialect = null) => new(file, folder, dialect ?? MboxDialect.StatusHeaders);

    /// <inheritdoc />
    public string Root { get; }

    /// <inheritdoc />
    public char Delimiter => '/';

    /// <summary>Receives one line per file skipped while listing (not an mbox file).</summary>
    public Action<string>? Skipped { get; set; }

    /// <summary>The mbox file that holds <paramref name="folder"/> (existing or to be created).</summary>
    public string PathOf(string folder)
    {
        if (_singleFolder is not null) return Root;
        var map = FolderMap();
        return Path.Combine(Root, map.TryGetValue(folder, out var file) ? file : NewFileName(folder, map));
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListFolders()
    {
        if (_singleFolder is not null) return [_singleFolder];
        _folderToFile = null;
        return FolderMap().Keys.ToList();
    }

    /// <inheritdoc />
    public IMessageSource OpenSource(string folder) => new MboxFolderSource(PathOf(folder), folder, _dialect);

    /// <inheritdoc />
    public IMessageSink OpenSink(string folder)
    {
        string path;
        if (_singleFolder is not null) path = Root;
        else
        {
            Directory.CreateDirectory(Root);
            var map = FolderMap();
            if (!map.TryGetValue(folder, out var file))
            {
                file = NewFileName(folder, map);
                map[folder] = file;
            }
            WriteIndex(map);
            path = Path.Combine(Root, file);
        }
        var sink = new MboxFolderSink(path, folder);
        sink.Touch();
        return sink;
    }

    /// <summary>The legacy file name of a folder: <c>/</c> → <c>-</c>; a second folder with the same flat name gets <c>~2</c>, <c>~3</c>, ….</summary>
    private static string NewFileName(string folder, Dictionary<string, string> map)
    {
        string flat = folder.Replace('/', '-').Replace('\0', '_');
        if (flat.Length == 0 || flat is "." or ".." || flat == IndexFileName) flat = "_" + flat;
        var taken = map.Values.ToHashSet(StringComparer.Ordinal);
        string name = flat;
        for (int n = 2; taken.Contains(name); n++) name = $"{flat}~{n}";
        return name;
    }

    private Dictionary<string, string> FolderMap()
    {
        if (_folderToFile is not null) return _folderToFile;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(Root)) return _folderToFile = map;
        var indexed = ReadIndex();
        foreach (var (file, folder) in indexed)
            if (File.Exists(Path.Combine(Root, file))) map.TryAdd(folder, file);
        var known = map.Values.ToHashSet(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f))
            .Where(f => !known.Contains(f) && !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".new", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.OrdinalIgnoreCase);
        foreach (string file in files)
        {
            string full = Path.Combine(Root, file);
            bool mbox;
            try { mbox = new FileInfo(full).Length > 0 && MboxFile.LooksLikeMbox(full); }
            catch (Exception e) when (FileErrors.IsFileError(e))
            {
                Skipped?.Invoke($"Skipping {full}: {FileErrors.Describe(e)}");
                continue;
            }
            if (!mbox)
            {
                if (new FileInfo(full).Length > 0) Skipped?.Invoke($"Skipping {full}: not an mbox file (it does not start with a From_ line)");
                continue;
            }
            string folder = file.Replace(Path.DirectorySeparatorChar, '/');
            if (folder.EndsWith(".mbox", StringComparison.Ordinal)) folder = folder[..^5];
            map.TryAdd(folder, file);
        }
        return _folderToFile = map;
    }

    private List<(string File, string Folder)> ReadIndex()
    {
        string path = Path.Combine(Root, IndexFileName);
        var entries = new List<(string, string)>();
        if (!File.Exists(path)) return entries;
        foreach (string line in File.ReadAllLines(path, Encoding.UTF8))
        {
            if (line.StartsWith('#')) continue;
            int tab = line.IndexOf('\t');
            if (tab > 0 && tab < line.Length - 1) entries.Add((line[..tab], line[(tab + 1)..]));
        }
        return entries;
    }

    private void WriteIndex(Dictionary<string, string> map)
    {
        var existing = ReadIndex();
        var lines = new List<string> { IndexHeader };
        var byFile = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, folder) in existing) byFile[file] = folder;
        foreach (var (folder, file) in map) byFile[file] = folder;
        lines.AddRange(byFile.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}\t{p.Value}"));
        string path = Path.Combine(Root, IndexFileName);
        string temp = path + ".tmp";
        File.WriteAllText(temp, string.Join('\n', lines) + "\n", new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}
