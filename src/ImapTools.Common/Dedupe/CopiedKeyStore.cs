using System.Globalization;
using System.Text;

namespace ImapTools.Common.Dedupe;

/// <summary>
/// imapcopy -Z: the keys of messages already copied for one user, kept across runs in <c>&lt;dir&gt;/&lt;user&gt;.keys</c>,
/// a UTF-8 text file with one record per line: <c>key TAB MM-DD-YYYY</c>. Replaces the original's Perl DBM (which no
/// other language reads); records are appended and flushed one by one, so an interrupted run keeps what it recorded.
/// </summary>
public sealed class CopiedKeyStore : IDisposable
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly StreamWriter _writer;

    private CopiedKeyStore(StreamWriter writer) => _writer = writer;

    /// <summary>The file of this store.</summary>
    public static string PathFor(string directory, string user) => Path.Combine(directory, user.Replace('/', '_') + ".keys");

    /// <summary>Opens (creating if needed) the store of <paramref name="user"/> in <paramref name="directory"/>.</summary>
    public static CopiedKeyStore Open(string directory, string user)
    {
        if (!Directory.Exists(directory))
            throw new ImapToolsException($"The directory given by -Z {directory} does not exist", ExitCodes.File);
        string path = PathFor(directory, user);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            var store = new CopiedKeyStore(new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true });
            using (var reader = new StreamReader(stream, new UTF8Encoding(false), false, 4096, leaveOpen: true))
            {
                string? line;
                while ((line = reader.ReadLine()) is not null)
                {
                    int tab = line.IndexOf('\t');
                    string key = tab >= 0 ? line[..tab] : line;
                    if (key.Length > 0) store._keys.Add(key);
                }
            }
            stream.Seek(0, SeekOrigin.End);
            return store;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImapToolsException($"Can't open {path}: {e.Message}", ExitCodes.File, e);
        }
    }

    /// <summary>Number of keys.</summary>
    public int Count { get { lock (_keys) return _keys.Count; } }

    /// <summary>True when the key was recorded.</summary>
    public bool Contains(string key)
    {
        lock (_keys) return _keys.Contains(Clean(key));
    }

    /// <summary>Records a key (only for messages the destination confirmed).</summary>
    public void Add(string key)
    {
        key = Clean(key);
        lock (_keys)
        {
            if (!_keys.Add(key)) return;
            _writer.WriteLine($"{key}\t{DateTime.Now.ToString("MM-dd-yyyy", CultureInfo.InvariantCulture)}");
        }
    }

    private static string Clean(string key) => key.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_keys) _writer.Dispose();
    }
}
