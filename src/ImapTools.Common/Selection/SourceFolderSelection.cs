using ImapTools.Common.Accounts;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using MailKit;

namespace ImapTools.Common.Selection;

/// <summary>
/// The source mailbox selection of imapsync and imap_audit (spec imapsync §5.1-5.2, imap_audit §5): the -m names,
/// or every listed mailbox except those beginning with <c>#</c> or <c>Public Folders</c>; then the -e exclusions.
/// Names may be typed in plain Unicode or modified UTF-7.
/// </summary>
public static class SourceFolderSelection
{
    /// <summary>Selects the source folders.</summary>
    /// <param name="account">The source account.</param>
    /// <param name="include">-m names (trimmed), or empty for all.</param>
    /// <param name="exclude">-e names and any other names to leave out (exact, INBOX in any case).</param>
    /// <param name="log">Warnings for -m names the source lacks.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The folders and how many there were before the exclusions (the legacy count).</returns>
    public static async Task<(List<IMailFolder> Folders, int CountBeforeExclusion)> SelectAsync(ImapAccount account,
        IReadOnlyList<string> include, IEnumerable<string> exclude, ToolLog log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(log);
        var result = new List<IMailFolder>();
        int count;
        if (include.Count > 0)
        {
            count = include.Count;
            foreach (var raw in include)
            {
                var f = await account.FindFolderAsync(ModifiedUtf7.DecodeIfEncoded(raw), ct).ConfigureAwait(false);
                if (f is null) log.Warn($"Source mailbox {raw} does not exist, skipping it");
                else result.Add(f);
            }
        }
        else
        {
            foreach (var f in await account.ListFoldersAsync(ct).ConfigureAwait(false))
            {
                string name = ModifiedUtf7.Encode(f.FullName);
                if (name.StartsWith('#') || name.StartsWith("Public Folders", StringComparison.OrdinalIgnoreCase)) continue;
                result.Add(f);
            }
            count = result.Count;
        }
        var excluded = exclude.Select(ModifiedUtf7.DecodeIfEncoded).ToHashSet(MailboxNameComparer.Instance);
        return (result.Where(f => !excluded.Contains(f.FullName)).DistinctBy(f => f.FullName).ToList(), count);
    }
}
