using ImapTools.Common.Dedupe;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace ImapTools.Common.Copy.Imap;

/// <summary>Which messages of a source folder are listed.</summary>
public sealed record SourceListing
{
    /// <summary>First sequence number (-B), 1-based.</summary>
    public int First { get; init; } = 1;
    /// <summary>Last sequence number (-E, -F), 1-based, or null for "*".</summary>
    public int? Last { get; init; }
    /// <summary>A server-side SEARCH (dates -a/-b, the guide's -z expression); null lists the range.</summary>
    public SearchQuery? Search { get; init; }
    /// <summary>Copy only the header (-H).</summary>
    public bool HeaderOnly { get; init; }
}

/// <summary>Reads messages from one IMAP folder with batched UID FETCH BODY.PEEK[] (the \Seen flag is never changed).</summary>
public sealed class ImapFolderSource : IMessageSource
{
    private static readonly FetchRequest ListRequest = new(
        MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Size)
    { Headers = MessageKeyFetch.ListFields };

    private static readonly FetchRequest HeaderRequest = new(MessageSummaryItems.UniqueId) { Headers = HeaderSet.All };

    private readonly IMailFolder _folder;
    private readonly SourceListing _listing;

    /// <summary>Creates a source over <paramref name="folder"/> of an authenticated client.</summary>
    public ImapFolderSource(IMailFolder folder, SourceListing listing, string displayName)
    {
        _folder = folder;
        _listing = listing;
        Name = displayName;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The folder being read.</summary>
    public IMailFolder Folder => _folder;

    /// <summary>Messages in the folder when it was opened (EXISTS).</summary>
    public int Count => _folder.Count;

    /// <summary>Opens the folder read-only (EXAMINE) unless it is already open.</summary>
    public async Task OpenAsync(CancellationToken ct)
    {
        if (!_folder.IsOpen)
            await _folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageRecord>> ListAsync(CancellationToken ct)
    {
        await OpenAsync(ct).ConfigureAwait(false);
        if (_folder.Count == 0) return [];
        IList<IMessageSummary> summaries;
        if (_listing.Search is not null)
        {
            var uids = await _folder.SearchAsync(_listing.Search, ct).ConfigureAwait(false);
            if (uids.Count == 0) return [];
            summaries = await _folder.FetchAsync(uids, ListRequest, ct).ConfigureAwait(false);
        }
        else
        {
            int first = Math.Max(0, _listing.First - 1);
            int last = _listing.Last is int l ? Math.Min(l, _folder.Count) - 1 : -1;
            if (first >= _folder.Count || (last >= 0 && last < first)) return [];
            summaries = await _folder.FetchAsync(first, last, ListRequest, ct).ConfigureAwait(false);
        }
        var keyHeaders = await MessageKeyFetch.KeyHeadersAsync(_folder, summaries, ct).ConfigureAwait(false);
        return summaries.OrderBy(s => s.Index).Select(s => ToRecord(s, keyHeaders.GetValueOrDefault(s.UniqueId))).ToList();
    }

    /// <summary>Turns a FETCH result into the pipeline's record.</summary>
    public static MessageRecord ToRecord(IMessageSummary s) => ToRecord(s, null);

    /// <summary>Turns a FETCH result into the pipeline's record, with the key computed from <paramref name="keyHeaders"/> when given.</summary>
    public static MessageRecord ToRecord(IMessageSummary s, MimeKit.HeaderList? keyHeaders) =>
        new(MessageKey.Compute(keyHeaders ?? s.Headers ?? new MimeKit.HeaderList()), (s.Flags ?? MessageFlags.None) & ~MessageFlags.Recent,
            new HashSet<string>(s.Keywords, StringComparer.Ordinal), s.InternalDate, s.Size ?? 0)
        {
            Uid = s.UniqueId,
            Index = s.Index + 1,
            Subject = s.Headers?["Subject"],
        };

    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageContent>> ReadAsync(IReadOnlyList<MessageRecord> batch, CancellationToken ct)
    {
        await OpenAsync(ct).ConfigureAwait(false);
        var byUid = batch.Where(r => r.Uid is not null).ToDictionary(r => r.Uid!.Value);
        var contents = new Dictionary<UniqueId, byte[]>();
        if (_listing.HeaderOnly)
        {
            // One UID FETCH (BODY.PEEK[HEADER]) per batch, not one round trip per message.
            if (byUid.Count > 0)
            {
                foreach (var s in await _folder.FetchAsync(byUid.Keys.ToList(), HeaderRequest, ct).ConfigureAwait(false))
                {
                    if (s.Headers is { Count: > 0 } headers && byUid.TryGetValue(s.UniqueId, out var record))
                        contents[s.UniqueId] = HeaderBytes(headers, record.Size);
                }
            }
            // A header MailKit could not parse (it then reports none) is fetched on its own, as raw bytes.
            foreach (var uid in byUid.Keys.Where(u => !contents.ContainsKey(u)).ToList())
            {
                using var stream = await _folder.GetStreamAsync(uid, "HEADER", ct).ConfigureAwait(false);
                contents[uid] = await ReadAllAsync(stream, ct).ConfigureAwait(false);
            }
        }
        else if (_folder is ImapFolder imap)
        {
            await imap.GetStreamsAsync(byUid.Keys.ToList(), async (_, _, uid, stream, token) =>
            {
                contents[uid] = await ReadAllAsync(stream, token).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
        else
        {
            foreach (var uid in byUid.Keys)
            {
                using var stream = await _folder.GetStreamAsync(uid, string.Empty, ct).ConfigureAwait(false);
                contents[uid] = await ReadAllAsync(stream, ct).ConfigureAwait(false);
            }
        }
        return batch.Where(r => r.Uid is not null && contents.ContainsKey(r.Uid.Value))
            .Select(r => new MessageContent(r, contents[r.Uid!.Value])).ToList();
    }

    /// <summary>
    /// The header section as the server sent it for BODY[HEADER]: MimeKit writes every field back from its raw bytes
    /// (folding, spacing, 8-bit bytes and lines that are not fields kept; CRLF line ends, as every APPEND sends) and
    /// the empty line that ends the header — unless the header is the whole message (<paramref name="messageSize"/>),
    /// which then has no empty line.
    /// </summary>
    internal static byte[] HeaderBytes(MimeKit.HeaderList headers, long messageSize)
    {
        using var buffer = new MemoryStream();
        headers.WriteTo(CrLf, buffer); // ends with the empty line
        if (buffer.Length - 2 == messageSize) buffer.SetLength(messageSize);
        return buffer.ToArray();
    }

    private static readonly MimeKit.FormatOptions CrLf = CreateCrLf();

    private static MimeKit.FormatOptions CreateCrLf()
    {
        var format = MimeKit.FormatOptions.Default.Clone();
        format.NewLineFormat = MimeKit.NewLineFormat.Dos;
        return format;
    }

    /// <summary>
    /// Reads a fetched literal into one array. MailKit hands over a seekable stream whose length is the literal's, so
    /// the bytes are read straight into an array of exactly that size: one copy, no growing buffer, no ToArray.
    /// </summary>
    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken ct)
    {
        if (stream.CanSeek && stream.Length - stream.Position is long remaining and <= int.MaxValue)
        {
            var data = GC.AllocateUninitializedArray<byte>((int)remaining); // every byte is overwritten by the read
            int read = await stream.ReadAtLeastAsync(data, data.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            if (read < data.Length) return data[..read];
            // A stream that reported a wrong length falls back to copying what is left.
            if (stream.ReadByte() is int extra and >= 0)
            {
                using var rest = new MemoryStream();
                rest.Write(data);
                rest.WriteByte((byte)extra);
                await stream.CopyToAsync(rest, ct).ConfigureAwait(false);
                return rest.ToArray();
            }
            return data;
        }
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
