using ImapTools.Common.Dedupe;
using MailKit;
using MimeKit;

namespace ImapTools.Common.Copy.Imap;

/// <summary>
/// Fetches what <see cref="MessageKey"/> needs for a whole folder cheaply (issue 8: a no-change <c>-U</c> re-run over
/// 10,000 messages in under 2 s): the listing asks only for the fields a key is made of
/// (<c>BODY.PEEK[HEADER.FIELDS (MESSAGE-ID DATE SUBJECT FROM)]</c>, which the server can answer from its cache), and
/// only messages without a usable Message-ID — whose synthetic key hashes the complete header — get their full
/// header in one more batched FETCH.
/// </summary>
public static class MessageKeyFetch
{
    /// <summary>The header fields a key (and the report's Subject) is made of when the message has a Message-ID.</summary>
    public static readonly HeaderSet KeyFields = new([HeaderId.MessageId, HeaderId.Date, HeaderId.Subject, HeaderId.From]);

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
