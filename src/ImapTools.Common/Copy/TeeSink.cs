namespace ImapTools.Common.Copy;

/// <summary>
/// Writes each batch to a primary sink and then the confirmed messages to a second sink (imapcopy -A keeps a copy in an
/// archive mailbox on the source). A message counts as confirmed only when both sinks confirmed it.
/// </summary>
public sealed class TeeSink : IMessageSink, IRefusalReasons
{
    private readonly IMessageSink _primary;
    private readonly IMessageSink _secondary;

    /// <summary>Creates the tee.</summary>
    public TeeSink(IMessageSink primary, IMessageSink secondary)
    {
        _primary = primary;
        _secondary = secondary;
    }

    /// <inheritdoc />
    public string Name => _primary.Name;

    /// <summary>Messages the secondary sink confirmed, for its own summary line.</summary>
    public int SecondaryConfirmed { get; private set; }

    /// <inheritdoc />
    public string? RefusalReason(MessageRecord record) =>
        (_primary as IRefusalReasons)?.RefusalReason(record) ?? (_secondary as IRefusalReasons)?.RefusalReason(record);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> ExistingKeysAsync(CancellationToken ct) => _primary.ExistingKeysAsync(ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<MessageContent> batch, CancellationToken ct)
    {
        var first = await _primary.WriteAsync(batch, ct).ConfigureAwait(false);
        var copied = batch.Where((_, i) => first[i]).ToList();
        var second = copied.Count == 0 ? [] : await _secondary.WriteAsync(copied, ct).ConfigureAwait(false);
        SecondaryConfirmed += second.Count(x => x);
        var result = new bool[batch.Count];
        for (int i = 0, k = 0; i < batch.Count; i++)
            if (first[i]) result[i] = second[k++];
        return result;
    }
}
