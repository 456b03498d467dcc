using ImapTools.Common.Dedupe;

namespace ImapTools.Common.Copy;

/// <summary>Decides, for one listed message, whether to copy it; returns a skip reason or null.</summary>
/// <param name="record">The listed message.</param>
public delegate string? MessageFilter(MessageRecord record);

/// <summary>Everything the pipeline needs to copy one folder.</summary>
public sealed record PipelineOptions
{
    /// <summary>Most messages in one fetch/append batch.</summary>
    public int BatchMessages { get; init; } = 100;

    /// <summary>Most bytes in one batch (a larger single message still forms its own batch).</summary>
    public long BatchBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Client-side filters, applied in order before update mode and dedupe.</summary>
    public IReadOnlyList<MessageFilter> Filters { get; init; } = [];

    /// <summary>Skip messages whose key the sink already holds (-U).</summary>
    public bool UpdateMode { get; init; }

    /// <summary>Skip a second source message whose key was already copied from this folder in this run (-l).</summary>
    public bool SkipSourceDuplicates { get; init; }

    /// <summary>A persistent record of copied keys (-Z): keys in it are skipped, confirmed copies are added.</summary>
    public CopiedKeyStore? KeyStore { get; init; }

    /// <summary>Messages larger than this many bytes are skipped and reported (-X).</summary>
    public long? MaxBytes { get; init; }

    /// <summary>Stop after this many messages were copied from the folder (-F).</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// Read the next batch while the current one is written. Needs the source and the sink on different connections;
    /// turn it off when the sink also writes through the source's connection (imapcopy -A).
    /// </summary>
    public bool Overlap { get; init; } = true;

    /// <summary>Changes a message before it is written (-c, -W, flag rules).</summary>
    public Func<MessageContent, MessageContent>? Transform { get; init; }
}

/// <summary>What happened to one folder.</summary>
public sealed class FolderResult
{
    /// <summary>Messages listed on the source.</summary>
    public int Listed { get; set; }
    /// <summary>Messages the sink confirmed.</summary>
    public int Copied { get; set; }
    /// <summary>Messages skipped by filters, update mode or dedupe.</summary>
    public int Skipped { get; set; }
    /// <summary>Messages the sink refused or that could not be read.</summary>
    public int Failed { get; set; }
    /// <summary>Bytes of the copied messages.</summary>
    public long Bytes { get; set; }
    /// <summary>The source records the sink confirmed, in copy order.</summary>
    public List<MessageRecord> Confirmed { get; } = [];
    /// <summary>Messages skipped because of -X, for the report.</summary>
    public List<MessageRecord> TooLarge { get; } = [];
}

/// <summary>Observes the pipeline for progress output.</summary>
public interface ICopyObserver
{
    /// <summary>Called once per confirmed message, with the running count for the folder.</summary>
    void Copied(IMessageSource source, MessageRecord record, int copiedSoFar, int total);
    /// <summary>Called for a message the sink did not confirm.</summary>
    void Failed(IMessageSource source, MessageRecord record, string reason);
    /// <summary>Called for a message skipped by -X.</summary>
    void TooLarge(IMessageSource source, MessageRecord record);
}

/// <summary>
/// The streaming copy engine: lists a source, selects, then reads and writes in batches, reading batch n+1 while
/// batch n is written. Memory holds at most two batches, whatever the folder's size.
/// </summary>
public sealed class FolderCopier
{
    private readonly PipelineOptions _options;
    private readonly ICopyObserver? _observer;

    /// <summary>Creates a copier.</summary>
    public FolderCopier(PipelineOptions options, ICopyObserver? observer = null)
    {
        _options = options;
        _observer = observer;
    }

    /// <summary>Selects the messages of an already listed source that should be copied.</summary>
    public async Task<List<MessageRecord>> SelectAsync(IReadOnlyList<MessageRecord> listed, IMessageSink sink, IMessageSource source, FolderResult result, CancellationToken ct)
    {
        IReadOnlySet<string> existing = _options.UpdateMode ? await sink.ExistingKeysAsync(ct).ConfigureAwait(false) : new HashSet<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var selected = new List<MessageRecord>();
        foreach (var record in listed)
        {
            bool skip = false;
            foreach (var filter in _options.Filters)
            {
                if (filter(record) is not null) { skip = true; break; }
            }
            if (!skip && _options.SkipSourceDuplicates && !seen.Add(record.Key)) skip = true;
            if (!skip && existing.Contains(record.Key)) skip = true;
            if (!skip && _options.KeyStore?.Contains(record.Key) == true) skip = true;
            if (!skip && _options.MaxBytes is long max && record.Size > max)
            {
                result.TooLarge.Add(record);
                _observer?.TooLarge(source, record);
                skip = true;
            }
            if (skip) { result.Skipped++; continue; }
            selected.Add(record);
        }
        return selected;
    }

    /// <summary>Copies one folder from <paramref name="source"/> to <paramref name="sink"/>.</summary>
    public async Task<FolderResult> CopyAsync(IMessageSource source, IMessageSink sink, CancellationToken ct)
    {
        var result = new FolderResult();
        var listed = await source.ListAsync(ct).ConfigureAwait(false);
        result.Listed = listed.Count;
        var selected = await SelectAsync(listed, sink, source, result, ct).ConfigureAwait(false);
        await CopySelectedAsync(source, sink, selected, result, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Reads and writes the selected messages in pipelined batches.</summary>
    public async Task CopySelectedAsync(IMessageSource source, IMessageSink sink, IReadOnlyList<MessageRecord> selected, FolderResult result, CancellationToken ct)
    {
        if (_options.Limit is int limit && selected.Count > limit)
            selected = selected.Take(limit).ToList();
        var batches = Batch(selected).ToList();
        if (batches.Count == 0) return;

        Task<IReadOnlyList<MessageContent>> pending = source.ReadAsync(batches[0], ct);
        for (int i = 0; i < batches.Count; i++)
        {
            IReadOnlyList<MessageContent> contents = await pending.ConfigureAwait(false);
            bool more = i + 1 < batches.Count;
            if (more && _options.Overlap)
                pending = source.ReadAsync(batches[i + 1], ct);

            // A message the source could not deliver (vanished, empty) is a failure, not a silent skip.
            var read = new HashSet<MessageRecord>(contents.Select(c => c.Record));
            foreach (var missing in batches[i].Where(r => !read.Contains(r)))
            {
                result.Failed++;
                _observer?.Failed(source, missing, "the source did not return the message");
            }
            var toWrite = contents.Where(c => c.Data.Length > 0).Select(c => _options.Transform is null ? c : _options.Transform(c)).ToList();
            foreach (var empty in contents.Where(c => c.Data.Length == 0))
            {
                result.Failed++;
                _observer?.Failed(source, empty.Record, "the message is empty (0 bytes)");
            }
            IReadOnlyList<bool> confirmed = toWrite.Count == 0 ? [] : await sink.WriteAsync(toWrite, ct).ConfigureAwait(false);
            if (more && !_options.Overlap)
                pending = source.ReadAsync(batches[i + 1], ct);
            for (int k = 0; k < toWrite.Count; k++)
            {
                var record = toWrite[k].Record;
                if (confirmed[k])
                {
                    result.Copied++;
                    result.Bytes += toWrite[k].Data.Length;
                    result.Confirmed.Add(record);
                    _options.KeyStore?.Add(record.Key);
                    _observer?.Copied(source, record, result.Copied, selected.Count);
                }
                else
                {
                    result.Failed++;
                    _observer?.Failed(source, record, RefusalText(sink, record));
                }
            }
        }
    }

    /// <summary>The sink's reason for not confirming <paramref name="record"/> (the server's words), or the generic text.</summary>
    private static string RefusalText(IMessageSink sink, MessageRecord record)
    {
        string? reason = (sink as IRefusalReasons)?.RefusalReason(record);
        return string.IsNullOrWhiteSpace(reason) ? "the destination refused the message" : "the destination refused the message: " + reason;
    }

    private IEnumerable<IReadOnlyList<MessageRecord>> Batch(IReadOnlyList<MessageRecord> records)
    {
        var batch = new List<MessageRecord>();
        long bytes = 0;
        foreach (var r in records)
        {
            if (batch.Count > 0 && (batch.Count >= _options.BatchMessages || bytes + r.Size > _options.BatchBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(r);
            bytes += r.Size;
        }
        if (batch.Count > 0) yield return batch;
    }
}
