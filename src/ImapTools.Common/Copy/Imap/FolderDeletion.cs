using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Copy.Imap;

/// <summary>Deletes exactly the messages asked for: STORE +FLAGS \Deleted, then UID EXPUNGE of those UIDs.</summary>
public static class FolderDeletion
{
    /// <summary>
    /// Deletes <paramref name="uids"/> from the open, read-write <paramref name="folder"/> and returns how many were removed.
    /// Without UIDPLUS a plain EXPUNGE would also purge messages the user had flagged \Deleted; in that case only
    /// the flag is set and the caller's expunge removes them (the legacy behaviour, documented).
    /// </summary>
    public static async Task<int> DeleteAsync(ImapClient client, IMailFolder folder, IList<UniqueId> uids, CancellationToken ct)
    {
        if (uids.Count == 0) return 0;
        int before = folder.Count;
        await folder.AddFlagsAsync(uids, MessageFlags.Deleted, true, ct).ConfigureAwait(false);
        if (client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
            await folder.ExpungeAsync(uids, ct).ConfigureAwait(false);
        else
            await folder.ExpungeAsync(ct).ConfigureAwait(false);
        return before - folder.Count;
    }
}
