using ImapTools.Common.Mapping;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Accounts;

/// <summary>
/// The report tools' folder list: everything <c>LIST "" "*"</c> returns, in server order, with the raw (modified
/// UTF-7) names the legacy tools printed and sorted on.
/// </summary>
public static class FolderListing
{
    /// <summary>Every folder of the account (all namespaces the server lists for <c>*</c>), in server order.</summary>
    public static async Task<IReadOnlyList<IMailFolder>> ListAllAsync(ImapClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        char delimiter = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0].DirectorySeparator : client.Inbox.DirectorySeparator;
        IEnumerable<IMailFolder> folders;
        try
        {
            folders = await client.GetFoldersAsync(new FolderNamespace(delimiter, ""), StatusItems.None, false, ct).ConfigureAwait(false);
        }
        catch (FolderNotFoundException)
        {
            // Servers whose personal namespace has a prefix (INBOX.) have no "" root: list INBOX and each personal namespace.
            var all = new List<IMailFolder> { client.Inbox };
            foreach (var ns in client.PersonalNamespaces)
                all.AddRange(await client.GetFoldersAsync(ns, StatusItems.None, false, ct).ConfigureAwait(false));
            folders = all.DistinctBy(f => f.FullName, StringComparer.Ordinal);
        }
        return folders.Where(f => !f.Attributes.HasFlag(FolderAttributes.NonExistent)).ToList();
    }

    /// <summary>The folder's name as the server sends it (modified UTF-7), e.g. <c>Caf&amp;AOk-</c>.</summary>
    public static string RawName(IMailFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return ModifiedUtf7.Encode(folder.FullName);
    }

    /// <summary>True when the folder cannot be selected (<c>\Noselect</c> or <c>\NonExistent</c>).</summary>
    public static bool IsNoSelect(IMailFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.Attributes.HasFlag(FolderAttributes.NoSelect) || folder.Attributes.HasFlag(FolderAttributes.NonExistent);
    }
}
