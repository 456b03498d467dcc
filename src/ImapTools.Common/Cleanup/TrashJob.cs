using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace ImapTools.Common.Cleanup;

/// <summary>What trash does (spec trash §2).</summary>
public sealed record TrashOptions
{
    /// <summary>The name printed in the "starting" line.</summary>
    public string ProgramName { get; init; } = "trash";
    /// <summary>The accounts (from -S or the -i users file, with -a applied).</summary>
    public required IReadOnlyList<ConnectionString> Accounts { get; init; }
    /// <summary>True when the accounts came from a users file: a user that fails is skipped, not fatal.</summary>
    public bool FromUsersFile { get; init; }
    /// <summary>Transport settings.</summary>
    public required ConnectionSettings Connection { get; init; }
    /// <summary>-t: the trash mailbox as typed (raw modified UTF-7 or Unicode).</summary>
    public string TrashMailbox { get; init; } = "Trash";
    /// <summary>-e: expunge the trash after moving.</summary>
    public bool EmptyTrash { get; init; }
    /// <summary>-m: the mailboxes to check; empty = all.</summary>
    public IReadOnlyList<string> Mailboxes { get; init; } = [];
    /// <summary>-v: per-mailbox "Checking" lines.</summary>
    public bool Verbose { get; init; }
}

/// <summary>
/// trash: moves every message flagged <c>\Deleted</c> (SEARCH DELETED on the server) from each mailbox into the
/// trash mailbox with UID MOVE (or UID COPY, then UID STORE/UID EXPUNGE of exactly those UIDs). A source message
/// is removed only after the trash has it. With -e the <c>\Deleted</c> messages of the trash (the ones just moved
/// keep that flag, plus any flagged there before) are then expunged by UID.
/// </summary>
public sealed class TrashJob(TrashOptions options, ToolLog log)
{
    /// <summary>Runs the job; returns 0, or <see cref="ExitCodes.Partial"/> when a user or mailbox failed.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        log.Info($"\n{options.ProgramName} starting");
        log.Info($"There are {options.Accounts.Count} users");
        var connector = new ImapConnector(options.Connection, log);
        int users = 0, moved = 0, failures = 0;
        foreach (var target in options.Accounts)
        {
            ct.ThrowIfCancellationRequested();
            log.Info(target.User);
            var account = await CleanupAccounts.OpenOrSkipAsync(connector, target, _ => options.FromUsersFile, log, ct).ConfigureAwait(false);
            if (account is null)
            {
                failures++;
                continue;
            }
            await using (account.ConfigureAwait(false))
            {
                var (total, failed) = await TrashUserAsync(account, ct).ConfigureAwait(false);
                failures += failed;
                users++;
                moved += total;
            }
        }
        log.Info("Done.");
        log.Info("Summary:");
        log.Info($"   Users processed  {users}");
        log.Info($"   Messages moved   {moved}");
        return failures > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private async Task<(int Moved, int Failures)> TrashUserAsync(ImapAccount account, CancellationToken ct)
    {
        string trashName = options.TrashMailbox;
        var trash = await account.EnsureFolderAsync(ModifiedUtf7.DecodeIfEncoded(trashName), ct).ConfigureAwait(false);
        var all = await CleanupFolders.ListAsync(account, includeNoSelect: false, ct).ConfigureAwait(false);
        int failures = 0;
        var folders = options.Mailboxes.Count == 0
            ? all
            : CleanupFolders.Select(all, options.Mailboxes, prefixMatch: false, missing: m => { log.Error($"Mailbox doesn't exist: {m}"); failures++; });
        log.Debug("Checking mailboxes for deleted messages");
        int total = 0;
        foreach (var folder in folders)
        {
            ct.ThrowIfCancellationRequested();
            if (folder.FullName == trash.FullName) continue;
            string raw = CleanupFolders.RawName(folder);
            if (options.Verbose) log.Info($"   Checking mailbox {raw}");
            try
            {
                await folder.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
                var uids = await folder.SearchAsync(SearchQuery.Deleted, ct).ConfigureAwait(false);
                if (uids.Count > 0)
                {
                    try
                    {
                        await folder.MoveToAsync(uids, trash, ct).ConfigureAwait(false);
                    }
                    catch (ImapCommandException e)
                    {
                        log.Error($"unexpected COPY response: {CleanupFolders.Reply(e)}");
                        log.Error($"Please verify that mailbox {trashName} exists");
                        failures++;
                        continue;
                    }
                    log.Info($"   Moved {uids.Count} messages from {raw} to {trashName}");
                    total += uids.Count;
                }
            }
            catch (ImapCommandException e)
            {
                log.Error($"Error selecting {raw}: {CleanupFolders.Reply(e)}");
                failures++;
            }
            finally
            {
                if (folder.IsOpen) await folder.CloseAsync(false, ct).ConfigureAwait(false);
            }
        }
        log.Info($"{total} messages were moved to {trashName}");
        if (options.EmptyTrash && total > 0)
        {
            await trash.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
            var flagged = await trash.SearchAsync(SearchQuery.Deleted, ct).ConfigureAwait(false);
            await FolderDeletion.DeleteAsync(account.Client, trash, flagged, ct).ConfigureAwait(false);
            await trash.CloseAsync(false, ct).ConfigureAwait(false);
            log.Info($"The {trashName} mailbox has been emptied");
        }
        return (total, failures);
    }
}
