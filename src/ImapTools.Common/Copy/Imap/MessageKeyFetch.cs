using ImapTools.Common.Dedupe;
using MailKit;
using MimeKit;

namespace ImapTools.Common.Copy.Imap;

/// <summary>
/// Fetches what <see cref="MessageKey"/> needs for a whole folder cheaply (issue 8: a no-change <c>-U</c> re-run over
/// 10,000 messages in under 2 s): the listing asks only for the fields a key is made of
/// (<c>BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]</c>, plus SUBJECT for a source listing; the server can answer that from
/// its cache), and
/// only messages without a usable Message-ID — whose synthetic key hashes the complete header — get their full
/// header in one more batched FETCH.
/// </summary>
public static class MessageKeyFetch
{
    /// <summary>The header field a key is made of when the message has one: Message-ID.</summary>
    public static readonly HeaderSet KeyFields = new([HeaderId.MessageId]);

    /// <summary><see cref="KeyFields"/> and the Subject (for reports about the listed messages).</summary>
    public static readonly HeaderSet ListFields = new([HeaderId.MessageId, HeaderId.Subject]);

    private static readonly FetchRequest FullHeaderRequest = new(MessageSummaryItems.UniqueId) { Headers = HeaderSet.All };

    /// <summary>Most UIDs in one follow-up FETCH (keeps the command line short).</summary>
    private const int MaxUidsPerFetch = 1000;

    /// <summary>
    /// For the summaries (fetched with <see cref="KeyFields"/> and the UID) whose key needs the complete header, fetches
    /// it; returns the header to compute each message's key from, by UID.
    /// </summary>
    public static async Task<Dictionary<UniqueId, HeaderList>> KeyHeadersAsync(IMailFolder folder, IEnumerable<IMessageSummary> summaries, CancellationToken ct)
    {
        var result = new Dictionary<UniqueId, HeaderList>();
        var needFull = new List<UniqueId>();
        foreach (var s in summaries)
        {
            var headers = s.Headers ?? new HeaderList();
            result[s.UniqueId] = headers;
            if (MessageKey.NeedsCompleteHeader(headers)) needFull.Add(s.UniqueId);
        }
        foreach (var chunk in needFull.Chunk(MaxUidsPerFetch))
        {
            foreach (var s in await folder.FetchAsync(chunk, FullHeaderRequest, ct).ConfigureAwait(false))
            {
                if (s.Headers is not null) result[s.UniqueId] = s.Headers;
            }
        }
        return result;
    }
}
