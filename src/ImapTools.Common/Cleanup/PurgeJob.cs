using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Cleanup;

/// <summary>What purgeMbx does (spec purgeMbx §2).</summary>
public sealed record PurgeOptions
{
    /// <summary>The name printed in the "starting" line.</summary>
    public string ProgramName { get; init; } = "purgeMbx";
    /// <summary>The account (-s, with -A applied).</summary>
    public required ConnectionString Target { get; init; }
    /// <summary>Transport settings.</summary>
    public required ConnectionSettings Connection { get; init; }
    /// <summary>-m: the mailbox as typed (raw modified UTF-7 or Unicode), or <c>*</c> for every mailbox.</summary>
    public required string Mailbox { get; init; }
}

/// <summary>
/// purgeMbx: deletes every message of one mailbox (or of every selectable mailbox with <c>-m '*'</c>) with
/// UID STORE \Deleted and UID EXPUNGE of the UIDs listed. Mailboxes themselves are kept.
/// </summary>
public sealed class PurgeJob(PurgeOptions options, ToolLog log)
{
    /// <summary>Runs the job; returns 0, 1 when the one mailbox could not be purged, 6 when some of several failed.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        log.Info($"\n{options.ProgramName} starting");
        var connector = new ImapConnector(options.Connection, log);
        await using var account = await ImapAccount.OpenAsync(connector, options.Target, "IMAP", null, log, ct).ConfigureAwait(false);
        log.Info($"Connected to {options.Target.Host} on port {options.Target.Port}");

        bool all = options.Mailbox == "*";
        var folders = new List<(string Name, IMailFolder? Folder)>();
        if (all)
            folders.AddRange((await CleanupFolders.ListAsync(account, includeNoSelect: false, ct).ConfigureAwait(false))
                .Select(f => (CleanupFolders.RawName(f), (IMailFolder?)f)));
        else
            folders.Add((options.Mailbox, await account.FindFolderAsync(ModifiedUtf7.DecodeIfEncoded(options.Mailbox), ct).ConfigureAwait(false)));

        int total = 0, failures = 0;
        foreach (var (name, folder) in folders)
        {
            ct.ThrowIfCancellationRequested();
            log.Info($"Purging the \"{name}\" mailbox");
            if (folder is null)
            {
                log.Error($"unexpected response: NO Mailbox doesn't exist: {name}");
                failures++;
                continue;
            }
            try
            {
                await folder.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
                if (folder.Count == 0)
                    log.Info($"{name} mailbox is empty");
                else
                {
                    int n = await CleanupFolders.PurgeAllAsync(account.Client, folder, ct).ConfigureAwait(false);
                    log.Debug($"      Marked {n} messages for delete");
                    total += n;
                }
                await folder.CloseAsync(false, ct).ConfigureAwait(false);
            }
            catch (ImapCommandException e)
            {
                log.Error($"unexpected response: {CleanupFolders.Reply(e)}");
                failures++;
                continue;
            }
            log.Info($"{total} messages were deleted from \"{name}\" mailbox");
        }
        if (failures == 0) return ExitCodes.Success;
        return all ? ExitCodes.Partial : ExitCodes.Failure;
    }
}
