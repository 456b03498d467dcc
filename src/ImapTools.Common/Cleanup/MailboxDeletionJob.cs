using System.Text.RegularExpressions;
using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;
using MailKit;

namespace ImapTools.Common.Cleanup;

/// <summary>What delete_imap_mailboxes does (spec delete_imap_mailboxes §2).</summary>
public sealed record MailboxDeletionOptions
{
    /// <summary>The name printed in the "starting" line.</summary>
    public string ProgramName { get; init; } = "delete_imap_mailboxes";
    /// <summary>The account (-S, with -A applied).</summary>
    public required ConnectionString Target { get; init; }
    /// <summary>Transport settings.</summary>
    public required ConnectionSettings Connection { get; init; }
    /// <summary>The Perl regular expression of -m (case-sensitive, unanchored).</summary>
    public required string Pattern { get; init; }
    /// <summary>-t: only report.</summary>
    public bool Test { get; init; }
    /// <summary>-P: leave INBOX alone when it matches.</summary>
    public bool KeepInbox { get; init; }
    /// <summary>-x: user-supplied delimiter and prefix.</summary>
    public MailboxNamespace? Namespace { get; init; }
}

/// <summary>
/// delete_imap_mailboxes: deletes every folder whose name (namespace prefix removed) matches a regular expression,
/// children before parents (descending ordinal order). INBOX is never deleted: it is emptied instead (unless -P).
/// </summary>
public sealed class MailboxDeletionJob(MailboxDeletionOptions options, ToolLog log)
{
    /// <summary>Runs the job; returns 0, or <see cref="ExitCodes.Partial"/> when a folder could not be deleted.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var regex = PerlRegex.Convert(options.Pattern, "-m");
        log.Info($"{options.ProgramName} starting");
        var connector = new ImapConnector(options.Connection, log);
        await using var account = await ImapAccount.OpenAsync(connector, options.Target, "IMAP", options.Namespace, log, ct).ConfigureAwait(false);
        log.Info($"Connected to {options.Target.Host} on port {options.Target.Port}");
        string prefix = account.Namespace.Prefix;

        var folders = await CleanupFolders.ListAsync(account, includeNoSelect: true, ct).ConfigureAwait(false);
        var ordered = folders.OrderByDescending(CleanupFolders.RawName, StringComparer.Ordinal).ToList();
        var matching = new List<IMailFolder>();
        foreach (var folder in ordered)
        {
            string raw = CleanupFolders.RawName(folder);
            log.Debug(raw);
            if (Matches(regex, raw, prefix) || Matches(regex, folder.FullName, prefix)) matching.Add(folder);
        }

        int failures = 0;
        foreach (var folder in matching)
        {
            ct.ThrowIfCancellationRequested();
            string raw = CleanupFolders.RawName(folder);
            bool inbox = CleanupFolders.IsInbox(folder.FullName);
            if (inbox && options.KeepInbox) continue;
            if (options.Test)
            {
                log.Info(inbox ? "Would have purged INBOX" : $"Would have deleted {raw}");
                continue;
            }
            if (inbox)
            {
                log.Info("INBOX cannot be deleted, purging it instead");
                log.Info("Purging mailbox INBOX");
                int n = await CleanupFolders.PurgeAllAsync(account.Client, folder, ct).ConfigureAwait(false);
                log.Info("Expunging mailbox INBOX");
                log.Debug($"{n} messages expunged");
                await folder.CloseAsync(false, ct).ConfigureAwait(false);
                continue;
            }
            try
            {
                await folder.DeleteAsync(ct).ConfigureAwait(false);
                log.Info($"Successfully deleted {raw}");
            }
            catch (MailKit.Net.Imap.ImapCommandException e)
            {
                failures++;
                log.Error($"Error deleting {raw}: {CleanupFolders.Reply(e)}");
            }
        }
        return failures > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    /// <summary>The -m test on a name with the namespace prefix removed (spec Q2 fix: <c>^Arch</c> works on <c>INBOX.</c> servers).</summary>
    private static bool Matches(Regex regex, string name, string prefix)
    {
        string relative = prefix.Length > 0 && name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
        try { return regex.IsMatch(relative); }
        catch (RegexMatchTimeoutException e)
        {
            throw new ImapToolsException($"The regular expression of -m took too long on the mailbox name '{name}'", ExitCodes.Usage, e);
        }
    }
}
