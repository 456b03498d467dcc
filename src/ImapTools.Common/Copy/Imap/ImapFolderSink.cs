using ImapTools.Common.Connection;
using ImapTools.Common.Dedupe;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace ImapTools.Common.Copy.Imap;

/// <summary>
/// Writes messages into one IMAP folder with APPEND, keeping INTERNALDATE, system flags and every keyword the
/// folder can store (PERMANENTFLAGS). Uses MULTIAPPEND when offered (one atomic command per batch; MailKit adds LITERAL+).
/// </summary>
public sealed class ImapFolderSink : IMessageSink, IRefusalReasons
{
    private static readonly FetchRequest KeyRequest = new(MessageSummaryItems.UniqueId) { Headers = MessageKeyFetch.KeyFields };

    private readonly ImapClient _client;
    private readonly IMailFolder _folder;
    private Dictionary<string, List<UniqueId>>? _keys;
    private readonly Dictionary<MessageRecord, string> _refusals = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates a sink over <paramref name="folder"/> of an authenticated client.</summary>
    public ImapFolderSink(ImapClient client, IMailFolder folder, string displayName)
    {
        _client = client;
        _folder = folder;
        Name = displayName;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The folder written to.</summary>
    public IMailFolder Folder => _folder;

    /// <summary>Keywords that the destination could not store and that were therefore dropped.</summary>
    public HashSet<string> DroppedKeywords { get; } = new(StringComparer.Ordinal);

    /// <summary>Selects the folder read-write (for PERMANENTFLAGS, keys and deletes).</summary>
    public async Task OpenAsync(CancellationToken ct)
    {
        if (!_folder.IsOpen || _folder.Access != FolderAccess.ReadWrite)
            await _folder.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
    }

    /// <summary>Reads every message key in the folder with the UIDs holding it (last duplicate wins in the legacy sense: all kept).</summary>
    public async Task<IReadOnlyDictionary<string, List<UniqueId>>> ReadKeysAsync(CancellationToken ct)
    {
        await OpenAsync(ct).ConfigureAwait(false);
        var keys = new Dictionary<string, List<UniqueId>>(StringComparer.Ordinal);
        if (_folder.Count > 0)
        {
            var summaries = await _folder.FetchAsync(0, -1, KeyRequest, ct).ConfigureAwait(false);
            var keyHeaders = await MessageKeyFetch.KeyHeadersAsync(_folder, summaries, ct).ConfigureAwait(false);
            foreach (var s in summaries)
            {
                string key = MessageKey.Compute(keyHeaders[s.UniqueId]);
                if (!keys.TryGetValue(key, out var list)) keys[key] = list = [];
                list.Add(s.UniqueId);
            }
        }
        _keys = keys;
        return keys;
    }

    /// <summary>
    /// Counts the keys of the messages whose UID is <paramref name="first"/> or higher: after a lost connection, the
    /// messages that landed since copying began (the folder's UIDNEXT then), including an APPEND whose reply was lost.
    /// </summary>
    public async Task<Dictionary<string, int>> CountKeysSinceAsync(UniqueId first, CancellationToken ct)
    {
        await OpenAsync(ct).ConfigureAwait(false);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (_folder.Count == 0) return counts;
        var summaries = (await _folder.FetchAsync(new UniqueIdRange(first, UniqueId.MaxValue), KeyRequest, ct).ConfigureAwait(false))
            .Where(s => s.UniqueId >= first) // "n:*" also returns the highest UID when it is below n
            .ToList();
        var keyHeaders = await MessageKeyFetch.KeyHeadersAsync(_folder, summaries, ct).ConfigureAwait(false);
        foreach (var s in summaries)
        {
            string key = MessageKey.Compute(keyHeaders[s.UniqueId]);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> ExistingKeysAsync(CancellationToken ct)
    {
        var keys = _keys ?? await ReadKeysAsync(ct).ConfigureAwait(false);
        return keys.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Marks every message \Deleted and expunges them (imapcopy -i); returns how many were removed.</summary>
    public async Task<int> DeleteAllAsync(CancellationToken ct)
    {
        await OpenAsync(ct).ConfigureAwait(false);
        if (_folder.Count == 0) return 0;
        var uids = await _folder.SearchAsync(MailKit.Search.SearchQuery.All, ct).ConfigureAwait(false);
        return await DeleteAsync(uids, ct).ConfigureAwait(false);
    }

    /// <summary>Marks the given UIDs \Deleted and expunges exactly those (UID EXPUNGE when UIDPLUS is offered).</summary>
    public async Task<int> DeleteAsync(IList<UniqueId> uids, CancellationToken ct)
    {
        await OpenAsync(ct).ConfigureAwait(false);
        return await FolderDeletion.DeleteAsync(_client, _folder, uids, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public string? RefusalReason(MessageRecord record)
    {
        lock (_refusals) return _refusals.TryGetValue(record, out var reason) ? reason : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<MessageContent> batch, CancellationToken ct)
    {
        lock (_refusals) _refusals.Clear();
        var prepared = batch.Select(ToRequest).ToList();
        var requests = prepared.OfType<AppendRequest>().ToList();
        bool atomicBatch = requests.Count > 1 && _client.Capabilities.HasFlag(ImapCapabilities.MultiAppend);
        if (atomicBatch)
        {
            try
            {
                await _folder.AppendAsync(requests.Cast<IAppendRequest>().ToList(), ct).ConfigureAwait(false);
                return prepared.Select(r => r is not null).ToList();
            }
            catch (ImapCommandException e) when (ServerFault.ThrottleDelay(e) is null)
            {
                // MULTIAPPEND is all or nothing: nothing was stored, so retry one by one to find the refused message.
            }
        }
        var confirmed = new List<bool>(prepared.Count);
        for (int i = 0; i < prepared.Count; i++)
        {
            var request = prepared[i];
            if (request is null)
            {
                confirmed.Add(false);
                continue;
            }
            try
            {
                await _folder.AppendAsync(request, ct).ConfigureAwait(false);
                confirmed.Add(true);
            }
            catch (ImapCommandException e) when (ServerFault.ThrottleDelay(e) is null)
            {
                confirmed.Add(false);
                Refused(batch[i].Record, $"{e.Response.ToString().ToUpperInvariant()} {e.ResponseText}".Trim());
            }
        }
        return confirmed;
    }

    private void Refused(MessageRecord record, string reason)
    {
        lock (_refusals) _refusals[record] = reason.ReplaceLineEndings(" ");
    }

    /// <summary>The APPEND request for one message, or null (with the reason kept) when it cannot be sent byte-exact.</summary>
    private AppendRequest? ToRequest(MessageContent content)
    {
        var message = AppendMessage.Create(content.Data, out string? problem);
        if (message is null)
        {
            Refused(content.Record, problem ?? "the message cannot be sent");
            return null;
        }
        var record = content.Record;
        var keywords = new List<string>();
        bool anyKeyword = _folder.PermanentFlags == MessageFlags.None || _folder.PermanentFlags.HasFlag(MessageFlags.UserDefined);
        foreach (var k in record.Keywords)
        {
            if (anyKeyword || _folder.PermanentKeywords.Contains(k)) keywords.Add(k);
            else lock (DroppedKeywords) DroppedKeywords.Add(k);
        }
        var request = new AppendRequest(message, record.Flags & ~MessageFlags.Recent, keywords);
        if (record.InternalDate is DateTimeOffset date) request.InternalDate = date;
        return request;
    }
}
