using System.Globalization;
using System.Text;

namespace ImapTools.Common.Dedupe;

/// <summary>
/// The -Z store of message keys already copied for one user: the documented portable replacement of the original's
/// Perl DBM file (which the C# tools cannot read). The file is <c>&lt;directory&gt;/&lt;user&gt;.keys</c>, UTF-8
/// text, one record per line: <c>&lt;key&gt; TAB &lt;MM-DD-YYYY&gt;</c> (the copy date, local time). Keys never
/// contain TAB, CR or LF (such characters are stored as spaces). Existing records are loaded on open; each new
/// record is appended and flushed at once, so an interrupted run keeps everything it recorded. Thread-safe.
/// </summary>
public sealed class CopiedKeyStore : IDisposable
{
    private readonly object _lock = new();
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private StreamWriter? _writer;

    private CopiedKeyStore(string path) => FilePath = path;

    /// <summary>The path of the key file.</summary>
    public string FilePath { get; }

    /// <summary>Opens (creating if needed) the key file of <paramref name="user"/> in <paramref name="directory"/>.</summary>
    /// <param name="directory">The -Z directory; it must exist.</param>
    /// <param name="user">The source user name; characters not allowed in a file name become <c>_</c>.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ImapToolsException">The directory does not exist or the file cannot be read or written (<see cref="ExitCodes.File"/>).</exception>
    public static CopiedKeyStore Open(string directory, string user)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(user);
        if (!Directory.Exists(directory))
            throw new ImapToolsException($"The directory given by -Z {directory} does not exist", ExitCodes.File);
        string path = Path.Combine(directory, SafeFileName(user) + ".keys");
        var store = new CopiedKeyStore(path);
        try
        {
            var stream = PrivateFiles.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            bool needsNewline = false;
            using (var reader = new StreamReader(stream, new UTF8Encoding(false), true, 4096, leaveOpen: true))
            {
                string text = reader.ReadToEnd();
                needsNewline = text.Length > 0 && text[^1] != '\n';
                foreach (string line in text.Split('\n'))
                {
                    string record = line.TrimEnd('\r');
                    if (record.Length == 0) continue;
                    int tab = record.IndexOf('\t');
                    store._keys.Add(tab < 0 ? record : record[..tab]);
                }
            }
            stream.Seek(0, SeekOrigin.End);
            store._writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
            if (needsNewline)   // a record cut off by a crash must not swallow the next one
            {
                store._writer.Write('\n');
                store._writer.Flush();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            store.Dispose();
            throw new ImapToolsException($"Can't open {path}: {e.Message}", ExitCodes.File, e);
        }
        return store;
    }

    /// <summary>True when the key was recorded by this or an earlier run.</summary>
    /// <param name="key">A message key (<see cref="MessageKey.Compute"/>).</param>
    /// <returns>True when present.</returns>
    public bool Contains(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string k = Normalize(key);
        lock (_lock) return _keys.Contains(k);
    }

    /// <summary>Records a key with today's date and flushes it to the file; a key already present is not written again.</summary>
    /// <param name="key">A message key.</param>
    /// <exception cref="ImapToolsException">The record cannot be written (<see cref="ExitCodes.File"/>).</exception>
    public void Add(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string k = Normalize(key);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_writer is null, this);
            if (!_keys.Add(k)) return;
            try
            {
                _writer.Write(k + "\t" + DateTime.Now.ToString("MM-dd-yyyy", CultureInfo.InvariantCulture) + "\n");
                _writer.Flush();
            }
            catch (IOException e)
            {
                throw new ImapToolsException($"Can't write {FilePath}: {e.Message}", ExitCodes.File, e);
            }
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    private static string Normalize(string key) => key.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');

    private static string SafeFileName(string user)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var sb = new StringBuilder(user.Length);
        foreach (char c in user) sb.Append(invalid.Contains(c) || c == '/' || c == '\\' ? '_' : c);
        string name = sb.ToString();
        return name is "" or "." or ".." ? "_" + name : name;
    }
}
