using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace ImapTools.Common.Accounts;

/// <summary>Message count and total RFC822.SIZE bytes of one mailbox.</summary>
/// <param name="Messages">Number of messages.</param>
/// <param name="Bytes">Sum of their RFC822.SIZE values.</param>
public sealed record MailboxSize(int Messages, long Bytes);

/// <summary>One message above a size threshold (list_imap_folders <c>-U</c>).</summary>
/// <param name="Size">RFC822.SIZE in bytes.</param>
/// <param name="Subject">The message's own Subject (decoded), or empty.</param>
public sealed record LargeMessage(long Size, string Subject);

/// <summary>
/// The size figures the report tools print, each with the cheapest command that gives the exact number:
/// <c>STATUS (MESSAGES SIZE)</c> when the server offers STATUS=SIZE, else one EXAMINE and RFC822.SIZE fetched in
/// batches; <c>SEARCH LARGER</c> for the large-message report; <c>GETQUOTAROOT</c> for QUOTA usage.
/// </summary>
public static class MailboxSizes
{
    /// <summary>Messages per FETCH when sizes must be read one by one.</summary>
    public const int FetchBatch = 2000;

    /// <summary>Count and bytes of <paramref name="folder"/> (left closed).</summary>
    public static async Task<MailboxSize> MeasureAsync(ImapClient client, IMailFolder folder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(folder);
        if (client.Capabilities.HasFlag(ImapCapabilities.StatusSize) && !folder.IsOpen)
        {
            await folder.StatusAsync(StatusItems.Count | StatusItems.Size, ct).ConfigureAwait(false);
            if (folder.Size is ulong size)
                return new MailboxSize(folder.Count, checked((long)size));
        }
        await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
        try
        {
            int count = folder.Count;
            long bytes = 0;
            for (int start = 0; start < count; start += FetchBatch)
            {
                int end = Math.Min(count, start + FetchBatch) - 1;
                foreach (var summary in await folder.FetchAsync(start, end, MessageSummaryItems.Size, ct).ConfigureAwait(false))
                    bytes += summary.Size ?? 0;
            }
            return new MailboxSize(count, bytes);
        }
        finally
        {
            await folder.CloseAsync(false, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The messages of <paramref name="folder"/> larger than <paramref name="threshold"/> bytes (SEARCH LARGER), with their subjects.</summary>
    public static async Task<IReadOnlyList<LargeMessage>> LargerThanAsync(IMailFolder folder, long threshold, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(folder);
        await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
        try
        {
            if (folder.Count == 0) return [];
            var uids = await folder.SearchAsync(SearchQuery.LargerThan((int)Math.Min(int.MaxValue, threshold)), ct).ConfigureAwait(false);
            if (uids.Count == 0) return [];
            var summaries = await folder.FetchAsync(uids, MessageSummaryItems.Size | MessageSummaryItems.Envelope, ct).ConfigureAwait(false);
            return summaries.Where(s => (long)(s.Size ?? 0) > threshold)
                .Select(s => new LargeMessage((long)(s.Size ?? 0), s.Envelope?.Subject ?? "")).ToList();
        }
        finally
        {
            await folder.CloseAsync(false, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The STORAGE usage of INBOX's quota root in KiB (RFC 2087 units), or null when the server has no QUOTA
    /// extension, no quota root or no STORAGE resource.
    /// </summary>
    public static async Task<ulong?> QuotaUsedKilobytesAsync(ImapClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!client.Capabilities.HasFlag(ImapCapabilities.Quota)) return null;
        try
        {
            var quota = await client.Inbox.GetQuotaAsync(ct).ConfigureAwait(false);
            return quota.StorageLimit is null && quota.CurrentStorageSize is null ? null : quota.CurrentStorageSize;
        }
        catch (ImapCommandException)
        {
            return null;
        }
    }
}
