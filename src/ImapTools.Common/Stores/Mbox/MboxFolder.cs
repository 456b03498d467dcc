using ImapTools.Common.Copy;
using ImapTools.Common.Dedupe;
using MimeKit;

namespace ImapTools.Common.Stores.Mbox;

/// <summary>One mbox file read as a folder: every message with its flags, keywords and internal date.</summary>
public sealed class MboxFolderSource : IMessageSource
{
    private readonly string _path;
    private readonly MboxDialect _dialect;
    private readonly Dictionary<MessageRecord, MboxEntry> _entries = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the source.</summary>
    /// <param name="path">The mbox file.</param>
    /// <param name="name">The folder name shown in output.</param>
    /// <param name="dialect">How the file keeps flags.</param>
    public MboxFolderSource(string path, string name, MboxDialect dialect)
    {
        _path = path;
        Name = name;
        _dialect = dialect;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The file.</summary>
    public string Path => _path;

    /// <summary>Messages the file marks as expunged (not listed), after <see cref="ListAsync"/>.</summary>
    public int Expunged { get; private set; }

    /// <summary>The file position of a listed message (for rewriting the file).</summary>
    public MboxEntry EntryOf(MessageRecord record) => _entries[record];

    /// <inheritdoc />
    /// <exception cref="FormatException">The file is not an mbox file.</exception>
    public Task<IReadOnlyList<MessageRecord>> ListAsync(CancellationToken ct)
    {
        _entries.Clear();
        Expunged = 0;
        var records = new List<MessageRecord>();
        MboxJournal.Recover(_path);
        using var stream = Open();
        foreach (var entry in MboxFile.Scan(stream, ct))
        {
            var message = MboxMessageCodec.Decode(MboxFile.Read(stream, entry), entry.FromLine, _dialect);
            if (message.Flags.Expunged) { Expunged++; continue; }
            var record = ToRecord(entry, message);
            _entries[record] = entry;
            records.Add(record);
        }
        return Task.FromResult<IReadOnlyList<MessageRecord>>(records);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MessageContent>> ReadAsync(IReadOnlyList<MessageRecord> batch, CancellationToken ct)
    {
        var contents = new List<MessageContent>(batch.Count);
        using var stream = Open();
        foreach (var record in batch)
        {
            ct.ThrowIfCancellationRequested();
            var entry = _entries[record];
            var message = MboxMessageCodec.Decode(MboxFile.Read(stream, entry), entry.FromLine, _dialect);
            contents.Add(new MessageContent(record, message.Data));
        }
        return Task.FromResult<IReadOnlyList<MessageContent>>(contents);
    }

    private FileStream Open() => new(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);

    private static MessageRecord ToRecord(MboxEntry entry, MboxDecodedMessage message)
    {
        return new MessageRecord(KeyOf(message.Data), message.Flags.Flags, message.Flags.Keywords, message.InternalDate, message.Data.Length)
        {
            Index = entry.Number,
            Subject = message.Headers.FirstOrDefault(h => h.Is("Subject"))?.Value,
        };
    }

    /// <summary>The shared message key (<see cref="MessageKey"/>) of message bytes.</summary>
    public static string KeyOf(byte[] data)
    {
        using var stream = new MemoryStream(data, writable: false);
        var parser = new MimeParser(stream, MimeFormat.Entity);
        return MessageKey.Compute(parser.ParseHeaders());
    }
}

/// <summary>Appends messages to one mbox file; a batch is written completely or not at all.</summary>
public sealed class MboxFolderSink : IMessageSink
{
    private readonly string _path;

    /// <summary>Creates the sink; the file is created on the first write.</summary>
    public MboxFolderSink(string path, string name)
    {
        _path = path;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> ExistingKeysAsync(CancellationToken ct)
    {
        if (!File.Exists(_path)) return new HashSet<string>();
        MboxJournal.Recover(_path);
        var records = await new MboxFolderSource(_path, Name, MboxDialect.StatusHeaders).ListAsync(ct).ConfigureAwait(false);
        return records.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Creates the file when missing (an empty mailbox becomes an empty file).</summary>
    public void Touch()
    {
        using var _ = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<MessageContent> batch, CancellationToken ct)
    {
        MboxJournal.Recover(_path);
        var encoded = batch.Select(MboxMessageCodec.Encode).ToList();
        await using var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1 << 16);
        long before = stream.Seek(0, SeekOrigin.End);
        // A kill during the write leaves the marker, and the next run cuts the unfinished batch off.
        MboxJournal.Begin(_path, before, encoded.Sum(e => (long)e.Length));
        try
        {
            foreach (var bytes in encoded)
            {
                ct.ThrowIfCancellationRequested();
                await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
            }
            await stream.FlushAsync(ct).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            // Never leave half a batch behind: cut the file back to where it was.
            try { stream.SetLength(before); } catch (IOException) { }
            MboxJournal.End(_path);
            throw;
        }
        MboxJournal.End(_path);
        return batch.Select(_ => true).ToList();
    }
}
