using System.Globalization;
using ImapTools.Common.Copy;
using ImapTools.Common.Mapping;
using MailKit;
using MimeKit;
using MimeKit.Utils;

namespace ImapTools.Common.Stores.Dump;

/// <summary>How imapdump names the files it writes (spec imapdump §3.2).</summary>
public sealed record DumpWriteOptions
{
    /// <summary>-x: the file-name extension, with its leading dot (<c>.txt</c>), or null.</summary>
    public string? Extension { get; init; }

    /// <summary>-s: append <c>,S</c> to the names of seen messages.</summary>
    public bool SeenSuffix { get; init; }

    /// <summary>-z: append all flag letters (<c>,SAF</c>) instead of just <c>,S</c>.</summary>
    public bool AllFlagLetters { get; init; }

    /// <summary>-C: with -z, also write <c>$keyword$</c> letters.</summary>
    public bool KeywordLetters { get; init; }

    /// <summary>-X: name files after the value of this header field instead of the message number.</summary>
    public string? NameHeader { get; init; }

    /// <summary>-N: overwrite an existing file of the same name instead of choosing <c>n.0</c>, <c>n.1</c>, ….</summary>
    public bool Overwrite { get; init; }

    /// <summary>Normalises a -x value: a leading dot is added when missing.</summary>
    public static string? NormalizeExtension(string? value) =>
        string.IsNullOrEmpty(value) ? null : value[0] == '.' ? value : "." + value;
}

/// <summary>
/// An imapdump tree for one user (<c>&lt;dir&gt;/&lt;user&gt;</c>): one directory per mailbox (nested along the
/// <c>/</c> hierarchy, each level named in modified UTF-7 as the server lists it), one file per message holding its
/// exact bytes, named <c>&lt;n&gt;[.ext][,S]</c>, with mtime = internal date, plus the sidecar
/// <see cref="DumpIndex"/> (full flags, keywords, internal date) that the legacy readers ignore. Empty mailboxes are kept
/// as empty directories (the legacy readers skip directories without files).
/// Reading accepts legacy dumps without an index: flags from the name suffix, internal date from the Date header.
/// </summary>
public sealed class DumpStore : IMailStore
{
    private readonly DumpWriteOptions _write;
    private readonly string? _readExtension;
    private readonly Action<string>? _error;
    private readonly Action<string>? _warning;
    private int _errors;

    /// <summary>Creates the store over <paramref name="root"/> (not created until a message is written).</summary>
    /// <param name="root">The user directory (<c>&lt;imapdump -f&gt;/&lt;user&gt;</c>).</param>
    /// <param name="write">File naming for writing, or null for the defaults.</param>
    /// <param name="readExtension">Read only files whose name (flag suffix ignored) ends with this text (dumptoIMAP -x), or null.</param>
    /// <param name="error">Receives one line per file that cannot be read as a message (the file is skipped).</param>
    /// <param name="warning">Receives one line per ignored file.</param>
    public DumpStore(string root, DumpWriteOptions? write = null, string? readExtension = null, Action<string>? error = null, Action<string>? warning = null)
    {
        Root = root;
        _write = write ?? new DumpWriteOptions();
        _readExtension = string.IsNullOrEmpty(readExtension) ? null : readExtension;
        _error = error;
        _warning = warning;
    }

    /// <inheritdoc />
    public string Root { get; }

    /// <inheritdoc />
    public char Delimiter => '/';

    /// <summary>How many files could not be read (each was reported once through the error callback).</summary>
    public int ErrorCount => Volatile.Read(ref _errors);

    /// <summary>The directory of a folder: each level in modified UTF-7 (<c>Café/Menü</c> → <c>Caf&amp;AOk-/Men&amp;APw-</c>).</summary>
    public string FolderPath(string folder) =>
        Path.Combine([Root, .. folder.Split(Delimiter).Select(ModifiedUtf7.Encode)]);

    /// <inheritdoc />
    /// <remarks>Every directory below the root (empty ones too: imapdump writes one per mailbox), in ordinal order of the names on disk.</remarks>
    public IReadOnlyList<string> ListFolders()
    {
        if (!Directory.Exists(Root)) throw new DirectoryNotFoundException($"{Root} does not exist");
        foreach (string file in Directory.EnumerateFiles(Root).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith('.') || name.StartsWith("dumped", StringComparison.Ordinal)) continue;
            _warning?.Invoke($"{file} is not in a mailbox directory, skipping it");
        }
        var folders = new List<(string Disk, string Name)>();
        foreach (string dir in Directory.EnumerateDirectories(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false }))
        {
            string relative = Path.GetRelativePath(Root, dir).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.Split('/').Any(p => p.StartsWith('.'))) continue;
            folders.Add((relative, string.Join(Delimiter, relative.Split('/').Select(ModifiedUtf7.DecodeIfEncoded))));
        }
        return folders.OrderBy(f => f.Disk, StringComparer.Ordinal).Select(f => f.Name).ToList();
    }

    /// <inheritdoc />
    public IMessageSource OpenSource(string folder) => new DumpFolder(this, folder);

    /// <inheritdoc />
    /// <remarks>Creates the mailbox directory at once, so an empty mailbox is kept as an empty directory.</remarks>
    public IMessageSink OpenSink(string folder)
    {
        Directory.CreateDirectory(FolderPath(folder));
        return new DumpFolder(this, folder);
    }

    /// <summary>The message files of a directory (no dot files, no directories, extension filter applied), in numeric order.</summary>
    private IEnumerable<string> MessageFiles(string dir)
    {
        if (!Directory.Exists(dir)) return [];
        return Directory.EnumerateFiles(dir)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => !n.StartsWith('.'))
            .Where(n => _readExtension is null || DumpFlagLetters.WithoutFlags(n).EndsWith(_readExtension, StringComparison.Ordinal))
            .Order(LocalMessageFiles.NumericOrder);
    }

    private void Error(string message)
    {
        Interlocked.Increment(ref _errors);
        _error?.Invoke(message);
    }

    private sealed class DumpFolder(DumpStore store, string folder) : IMessageSource, IMessageSink
    {
        private readonly string _dir = store.FolderPath(folder);
        private readonly Dictionary<MessageRecord, string> _files = new(ReferenceEqualityComparer.Instance);

        public string Name => folder;

        public Task<IReadOnlyList<MessageRecord>> ListAsync(CancellationToken ct)
        {
            var index = DumpIndex.Read(_dir);
            var records = new List<MessageRecord>();
            foreach (string name in store.MessageFiles(_dir))
            {
                ct.ThrowIfCancellationRequested();
                string path = Path.Combine(_dir, name);
                HeaderList headers;
                long size;
                try
                {
                    headers = LocalMessageFiles.ReadHeaders(path);
                    size = new FileInfo(path).Length;
                }
                catch (Exception e) when (e is FormatException || FileErrors.IsFileError(e))
                {
                    store.Error($"Error reading {path}: {(e is FormatException ? e.Message : FileErrors.Describe(e))}");
                    continue;
                }
                MessageFlags flags;
                IReadOnlySet<string> keywords;
                DateTimeOffset? date;
                if (index.TryGetValue(name, out var entry))
                {
                    (flags, keywords, date) = (entry.Flags, entry.Keywords, entry.InternalDate);
                }
                else
                {
                    DumpFlagLetters.TryDecode(name, out flags, out var kw);
                    keywords = kw;
                    int i = headers.IndexOf(HeaderId.Date);
                    date = i >= 0 && DateUtils.TryParse(headers[i].RawValue, out var d) ? d : null;
                }
                var record = new MessageRecord(LocalMessageFiles.KeyOf(headers), flags, keywords, date, size)
                {
                    Index = records.Count + 1,
                    Subject = headers[HeaderId.Subject],
                };
                _files[record] = path;
                records.Add(record);
            }
            return Task.FromResult<IReadOnlyList<MessageRecord>>(records);
        }

        public async Task<IReadOnlyList<MessageContent>> ReadAsync(IReadOnlyList<MessageRecord> batch, CancellationToken ct)
        {
            var result = new List<MessageContent>(batch.Count);
            foreach (var record in batch)
            {
                if (!_files.TryGetValue(record, out string? path)) continue;
                try
                {
                    byte[] data = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
                    result.Add(new MessageContent(record, MessageText.ToCrLf(data)));
                }
                catch (Exception e) when (FileErrors.IsFileError(e))
                {
                    store.Error($"Error reading {path}: {FileErrors.Describe(e)}");
                }
            }
            return result;
        }

        public Task<IReadOnlySet<string>> ExistingKeysAsync(CancellationToken ct)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (string name in store.MessageFiles(_dir))
            {
                ct.ThrowIfCancellationRequested();
                try { keys.Add(LocalMessageFiles.KeyOf(LocalMessageFiles.ReadHeaders(Path.Combine(_dir, name)))); }
                catch (Exception e) when (e is FormatException || FileErrors.IsFileError(e)) { }
            }
            return Task.FromResult<IReadOnlySet<string>>(keys);
        }

        public Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<MessageContent> batch, CancellationToken ct)
        {
            Directory.CreateDirectory(_dir);
            var confirmed = new List<bool>(batch.Count);
            int next = store.MessageFiles(_dir).Count() + 1;
            foreach (var content in batch)
            {
                ct.ThrowIfCancellationRequested();
                var r = content.Record;
                string name = FileName(content, r.Index > 0 ? r.Index : next++);
                LocalMessageFiles.WriteAtomically(Path.Combine(_dir, ".tmp-" + Guid.NewGuid().ToString("N")), Path.Combine(_dir, name),
                    content.Data, r.InternalDate, overwrite: store._write.Overwrite, ownerOnly: true);
                DumpIndex.Append(_dir, name, new DumpIndexEntry(r.Flags, r.Keywords, r.InternalDate));
                confirmed.Add(true);
            }
            return Task.FromResult<IReadOnlyList<bool>>(confirmed);
        }

        private string FileName(MessageContent content, int number)
        {
            var o = store._write;
            var r = content.Record;
            string stem = number.ToString(CultureInfo.InvariantCulture);
            if (o.NameHeader is string field && HeaderValue(content.Data, field) is { Length: > 0 } value)
                stem = value;
            string ext = o.Extension ?? "";
            string flags = o.AllFlagLetters ? DumpFlagLetters.Encode(r.Flags, r.Keywords, o.KeywordLetters)
                : o.SeenSuffix && r.Flags.HasFlag(MessageFlags.Seen) ? "S" : "";
            string suffix = flags.Length > 0 ? "," + flags : "";
            string candidate = stem + ext + suffix;
            if (o.Overwrite) return candidate;
            for (int k = 0; File.Exists(Path.Combine(_dir, candidate)); k++)
                candidate = stem + "." + k.ToString(CultureInfo.InvariantCulture) + ext + suffix;
            return candidate;
        }

        /// <summary>The decoded value of the first <paramref name="field"/> header, first line, made safe for a file name.</summary>
        private static string? HeaderValue(byte[] data, string field)
        {
            HeaderList headers;
            try { headers = new MimeParser(new MemoryStream(data, writable: false), MimeFormat.Entity).ParseHeaders(); }
            catch (FormatException) { return null; }
            string? value = headers[field];
            if (value is null) return null;
            int nl = value.IndexOfAny(['\r', '\n']);
            if (nl >= 0) value = value[..nl];
            var chars = value.Trim().Select(c => c == '/' || c == '\0' || char.IsControl(c) ? '_' : c).ToArray();
            string safe = new(chars);
            return safe is "." or ".." ? safe.Replace('.', '_') : safe.TrimStart('.');
        }
    }
}
