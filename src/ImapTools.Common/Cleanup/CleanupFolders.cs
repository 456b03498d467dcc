using ImapTools.Common.Accounts;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Mapping;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace ImapTools.Common.Cleanup;

/// <summary>Folder listing and whole-folder purge shared by the cleanup tools (delete_imap_mailboxes, purgeMbx, trash, delIMAPdups).</summary>
public static class CleanupFolders
{
    /// <summary>The name as the server sends it (modified UTF-7), which the legacy tools printed and users type.</summary>
    public static string RawName(IMailFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return ModifiedUtf7.Encode(folder.FullName);
    }

    /// <summary>True for INBOX in any case.</summary>
    public static bool IsInbox(string name) => name.Equals("INBOX", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Every folder of the account (INBOX first, then LIST order), without the placeholders MailKit invents for
    /// missing parents; <c>\Noselect</c> folders only when <paramref name="includeNoSelect"/>.
    /// </summary>
    public static async Task<List<IMailFolder>> ListAsync(ImapAccount account, bool includeNoSelect, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        var all = await account.ListFoldersAsync(ct).ConfigureAwait(false);
        return all.Where(f => !f.Attributes.HasFlag(FolderAttributes.NonExistent)
                              && (includeNoSelect || !f.Attributes.HasFlag(FolderAttributes.NoSelect)))
            .ToList();
    }

    /// <summary>
    /// The folders named in a comma list the user typed (raw modified UTF-7 or Unicode; INBOX in any case), each
    /// trimmed; with <paramref name="prefixMatch"/> also every folder whose name starts with a listed name (the
    /// original's <c>LIST "" name*</c>). Names the server lacks go to <paramref name="missing"/>.
    /// </summary>
    public static List<IMailFolder> Select(IReadOnlyList<IMailFolder> all, IEnumerable<string> names, bool prefixMatch, Action<string> missing)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(missing);
        var selected = new List<IMailFolder>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string typed in names.Select(n => n.Trim()).Where(n => n.Length > 0))
        {
            string name = ModifiedUtf7.DecodeIfEncoded(typed);
            var hits = all.Where(f => f.FullName == name || (IsInbox(name) && IsInbox(f.FullName))
                                      || (prefixMatch && f.FullName.StartsWith(name, StringComparison.Ordinal))).ToList();
            if (hits.Count == 0) missing(typed);
            foreach (var f in hits)
                if (seen.Add(f.FullName)) selected.Add(f);
        }
        return selected;
    }

    /// <summary>
    /// Deletes every message of <paramref name="folder"/> (opened read-write here): UID STORE +FLAGS \Deleted and
    /// UID EXPUNGE of exactly the UIDs listed, so a message delivered meanwhile survives. Returns how many were listed.
    /// </summary>
    public static async Task<int> PurgeAllAsync(ImapClient client, IMailFolder folder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!folder.IsOpen || folder.Access != FolderAccess.ReadWrite)
            await folder.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
        if (folder.Count == 0) return 0;
        var uids = await folder.SearchAsync(SearchQuery.All, ct).ConfigureAwait(false);
        await FolderDeletion.DeleteAsync(client, folder, uids, ct).ConfigureAwait(false);
        return uids.Count;
    }

    /// <summary>The server's reply in an <see cref="ImapCommandException"/> as one line, e.g. <c>NO Mailbox doesn't exist: X</c>.</summary>
    public static string Reply(Exception e) => e switch
    {
        ImapCommandException c => $"{c.Response} {c.ResponseText}".ReplaceLineEndings(" ").Trim(),
        _ => e.Message.ReplaceLineEndings(" ").Trim(),
    };
}
