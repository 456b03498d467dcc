using System.Globalization;
using ImapTools.Common.Copy;
using ImapTools.Common.Mapping;
using MimeKit;

namespace ImapTools.Common.Stores.Maildir;

/// <summary>
/// A Maildir++ tree: the root is INBOX, every other folder a directory <c>.A.B</c> at the root (hierarchy levels
/// joined by <c>.</c>, each level in modified UTF-7 as Dovecot and Courier write it, a <c>.</c> inside a name
/// written as <c>-</c> as imap_to_maildir did). Messages keep their exact bytes in <c>cur/</c> under the legacy name
/// <c>&lt;sec&gt;.M&lt;usec&gt;P&lt;pid&gt;.&lt;host&gt;,S=&lt;size&gt;,W=&lt;crlf size&gt;:2,&lt;letters&gt;</c> with
/// every standard flag (<see cref="MaildirInfo"/>), keywords as letters of <see cref="DovecotKeywords"/>, and the
/// internal date as the file's mtime; each file is written in <c>tmp/</c> and renamed, never seen half-written.
/// Reading takes <c>cur/</c> and <c>new/</c> (never <c>tmp/</c>); the folder names use <c>/</c> as delimiter.
/// </summary>
public sealed class MaildirStore : IMailStore
{
    private static readonly object NameLock = new();
    private static long _lastMicroseconds;
    private static readonly string Host = Environment.MachineName.Replace("/", "\\057", StringComparison.Ordinal).Replace(":", "\\072", StringComparison.Ordinal);

    private readonly Action<string>? _error;
    private int _errors;

    /// <summary>Creates the store over <paramref name="root"/>.</summary>
    /// <param name="root">The Maildir (INBOX) directory.</param>
    /// <param name="error">Receives one line per file that cannot be read as a message or keyword that cannot be stored.</param>
    public MaildirStore(string root, Action<string>? error = null)
    {
        Root = root;
        _error = error;
    }

    /// <inheritdoc />
    public string Root { get; }

    /// <inheritdoc />
    public char Delimiter => '/';

    /// <summary>How many problems were reported through the error callback.</summary>
    public int ErrorCount => Volatile.Read(ref _errors);

    /// <summary>The directory of a folder: the root for INBOX, else <c>&lt;root&gt;/.A.B</c>.</summary>
    public string FolderPath(string folder)
    {
        if (MailboxNameComparer.IsInbox(folder)) return Root;
        return Path.Combine(Root, "." + string.Join('.', folder.Split(Delimiter).Select(p => ModifiedUtf7.Encode(p).Replace('.', '-'))));
    }

    /// <summary>The folder name of a Maildir++ directory name (<c>.A.B</c> → <c>A/B</c>, levels decoded from modified UTF-7).</summary>
    public static string FolderName(string directoryName) =>
        string.Join('/', directoryName.TrimStart('.').Split('.').Select(ModifiedUtf7.DecodeIfEncoded));

    /// <inheritdoc />
    /// <remarks>INBOX first, then every <c>.name</c> directory of the root in ordinal order (empty folders too).</remarks>
    public IReadOnlyList<string> ListFolders()
    {
        if (!Directory.Exists(Root)) throw new DirectoryNotFoundException($"{Root} does not exist");
        var folders = new List<string> { "INBOX" };
        foreach (string dir in Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal))
        {
            if (dir.Length < 2 || dir[0] != '.' || dir == "..") continue;
            folders.Add(FolderName(dir));
        }
        return folders;
    }

    /// <inheritdoc />
    public IMessageSource OpenSource(string folder)
    {
        string path = FolderPath(folder);
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{path} does not exist");
        return new MaildirFolder(this, folder, path);
    }

    /// <inheritdoc />
    public IMessageSink OpenSink(string folder)
    {
        string path = FolderPath(folder);
        foreach (string sub in new[] { "cur", "new", "tmp" })
            Directory.CreateDirectory(Path.Combine(path, sub));
        if (path != Root && !File.Exists(Path.Combine(path, "maildirfolder")))
            File.WriteAllBytes(Path.Combine(path, "maildirfolder"), []);
        return new MaildirFolder(this, folder, path);
    }

    private void Error(string message)
    {
        Interlocked.Increment(ref _errors);
        _error?.Invoke(message);
    }

    /// <summary>A unique <c>&lt;sec&gt;.M&lt;usec&gt;P&lt;pid&gt;.&lt;host&gt;</c>: the clock in microseconds, strictly increasing in this process.</summary>
    private static string UniqueName()
    {
        long now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
        lock (NameLock)
        {
            if (now <= _lastMicroseconds) now = _lastMicroseconds + 1;
            _lastMicroseconds = now;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{now / 1_000_000}.M{now % 1_000_000}P{Environment.ProcessId}.{Host}");
    }

    private sealed class MaildirFolder(MaildirStore store, string folder, string path) : IMessageSource, IMessageSink
    {
        private readonly Dictionary<MessageRecord, string> _files = new(ReferenceEqualityComparer.Instance);
        private DovecotKeywords? _keywords;

        public string Name => folder;

        private IEnumerable<string> MessageFiles() =>
            new[] { "cur", "new" }.Select(s => Path.Combine(path, s)).Where(Directory.Exists)
                .SelectMany(d => Directory.EnumerateFiles(d).Where(f => !Path.GetFileName(f).StartsWith('.'))
                    .Order(LocalMessageFiles.NumericOrder));

        public Task<IReadOnlyList<MessageRecord>> ListAsync(CancellationToken ct)
        {
            var keywords = DovecotKeywords.Load(path);
            var records = new List<MessageRecord>();
            foreach (string file in MessageFiles())
            {
                ct.ThrowIfCancellationRequested();
                HeaderList headers;
                FileInfo info;
                try
                {
                    headers = LocalMessageFiles.ReadHeaders(file);
                    info = new FileInfo(file);
                }
                catch (Exception e) when (e is FormatException || FileErrors.IsFileError(e))
                {
                    store.Error($"Error reading {file}: {(e is FormatException ? e.Message : FileErrors.Describe(e))}");
                    continue;
                }
                string letters = MaildirInfo.Letters(Path.GetFileName(file));
                var record = new MessageRecord(LocalMessageFiles.KeyOf(headers), MaildirInfo.Flags(letters), keywords.Keywords(letters),
                    new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), info.Length)
                {
                    Index = records.Count + 1,
                    Subject = headers[HeaderId.Subject],
                };
                _files[record] = file;
                records.Add(record);
            }
            return Task.FromResult<IReadOnlyList<MessageRecord>>(records);
        }

        public async Task<IReadOnlyList<MessageContent>> ReadAsync(IReadOnlyList<MessageRecord> batch, CancellationToken ct)
        {
            var result = new List<MessageContent>(batch.Count);
            foreach (var record in batch)
            {
                if (!_files.TryGetValue(record, out string? file)) continue;
                try
                {
                    byte[] data = await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false);
                    result.Add(new MessageContent(record, MessageText.ToCrLf(data)));
                }
                catch (Exception e) when (FileErrors.IsFileError(e))
                {
                    store.Error($"Error reading {file}: {FileErrors.Describe(e)}");
                }
            }
            return result;
        }

        public Task<IReadOnlySet<string>> ExistingKeysAsync(CancellationToken ct)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (string file in MessageFiles())
            {
                ct.ThrowIfCancellationRequested();
                try { keys.Add(LocalMessageFiles.KeyOf(LocalMessageFiles.ReadHeaders(file))); }
                catch (Exception e) when (e is FormatException || FileErrors.IsFileError(e)) { }
            }
            return Task.FromResult<IReadOnlySet<string>>(keys);
        }

        public Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<MessageContent> batch, CancellationToken ct)
        {
            _keywords ??= DovecotKeywords.Load(path);
            var confirmed = new List<bool>(batch.Count);
            foreach (var content in batch)
            {
                ct.ThrowIfCancellationRequested();
                var r = content.Record;
                string keywordLetters = _keywords.Letters(r.Keywords.Order(StringComparer.Ordinal), out var dropped, out bool changed);
                if (changed) _keywords.Save();
                foreach (string k in dropped)
                    store.Error($"{path}: keyword {k} cannot be stored (a Maildir folder holds at most {DovecotKeywords.Capacity} keywords)");
                string letters = new((MaildirInfo.FlagLetters(r.Flags) + keywordLetters).Order().ToArray());
                string unique = UniqueName();
                string name = string.Create(CultureInfo.InvariantCulture,
                    $"{unique},S={content.Data.Length},W={MessageText.CrLfLength(content.Data)}:2,{letters}");
                LocalMessageFiles.WriteAtomically(Path.Combine(path, "tmp", unique), Path.Combine(path, "cur", name), content.Data,
                    r.InternalDate, overwrite: false);
                confirmed.Add(true);
            }
            return Task.FromResult<IReadOnlyList<bool>>(confirmed);
        }
    }
}
