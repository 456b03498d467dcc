using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Dedupe;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Cleanup;

/// <summary>What delIMAPdups does (spec delIMAPdups §2).</summary>
public sealed record DuplicateOptions
{
    /// <summary>The name printed in the "starting" line.</summary>
    public string ProgramName { get; init; } = "delIMAPdups";
    /// <summary>The accounts (from -S or the -i users file, with -A applied).</summary>
    public required IReadOnlyList<ConnectionString> Accounts { get; init; }
    /// <summary>True when the accounts came from a users file: a refused login skips the user.</summary>
    public bool FromUsersFile { get; init; }
    /// <summary>Transport settings.</summary>
    public required ConnectionSettings Connection { get; init; }
    /// <summary>-m: the mailboxes; empty = all selectable ones.</summary>
    public IReadOnlyList<string> Mailboxes { get; init; } = [];
    /// <summary>-R: also every mailbox whose name starts with a -m name.</summary>
    public bool Recursive { get; init; }
    /// <summary>-p: delete the duplicates.</summary>
    public bool Purge { get; init; }
    /// <summary>-M: move the duplicates to this mailbox (as typed) instead.</summary>
    public string? MoveTo { get; init; }
    /// <summary>--dry-run: report what -p/-M would do, change nothing.</summary>
    public bool DryRun { get; init; }
    /// <summary>The key (-F, -u, -H, --checksum).</summary>
    public DuplicateKeySpec Key { get; init; } = new(DuplicateKeyKind.Header);
    /// <summary>-r: first sequence number (1-based).</summary>
    public int First { get; init; } = 1;
    /// <summary>-r: last sequence number, or null for <c>*</c>.</summary>
    public int? Last { get; init; }
    /// <summary>Messages per FETCH command.</summary>
    public int BatchSize { get; init; } = 500;
}

/// <summary>
/// delIMAPdups: finds messages with the same key within each mailbox, keeps the first (lowest sequence number) and
/// reports, deletes (-p: UID STORE \Deleted + UID EXPUNGE of exactly the duplicates) or moves (-M: UID MOVE, or
/// UID COPY and then delete) the others. Keys come from header fields fetched in batches (or bodies for -H).
/// </summary>
public sealed class DuplicateJob(DuplicateOptions options, ToolLog log)
{
    private bool Changes => (options.Purge || options.MoveTo is not null) && !options.DryRun;

    private sealed record Pending(IMailFolder Folder, string RawName, List<UniqueId> Uids);

    /// <summary>Runs the job; returns 0, or <see cref="ExitCodes.Partial"/> when a user or mailbox failed.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        log.Info($"\n{options.ProgramName} starting");
        var connector = new ImapConnector(options.Connection, log);
        int purged = 0, moved = 0, failures = 0;
        foreach (var target in options.Accounts)
        {
            ct.ThrowIfCancellationRequested();
            log.Info($"Checking {target.User}");
            var account = await CleanupAccounts.OpenOrSkipAsync(connector, target,
                e => options.FromUsersFile && e.ExitCode == ExitCodes.Authentication, log, ct).ConfigureAwait(false);
            if (account is null)
            {
                failures++;
                continue;
            }
            await using (account.ConfigureAwait(false))
            {
                log.Info($"Connected to {target.Host} on port {target.Port}");
                var (p, m, f) = await UserAsync(account, ct).ConfigureAwait(false);
                purged += p;
                moved += m;
                failures += f;
            }
            log.Info(options.MoveTo is not null ? $"Total messages moved  {moved}" : $"Total messages purged {purged}");
        }
        return failures > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private async Task<(int Purged, int Moved, int Failures)> UserAsync(ImapAccount account, CancellationToken ct)
    {
        int failures = 0;
        var all = await CleanupFolders.ListAsync(account, includeNoSelect: false, ct).ConfigureAwait(false);
        string? moveName = options.MoveTo is null ? null : ModifiedUtf7.DecodeIfEncoded(options.MoveTo);
        var folders = options.Mailboxes.Count == 0
            ? all.Where(f => !f.FullName.StartsWith('.') && !f.FullName.StartsWith('#') && f.FullName != moveName).ToList()
            : CleanupFolders.Select(all, options.Mailboxes, options.Recursive, m => { log.Error($"Mailbox doesn't exist: {m}"); failures++; });
        log.Info($"Looking for duplicate messages using {options.Key.Description}");

        var pending = new List<Pending>();
        foreach (var folder in folders)
        {
            ct.ThrowIfCancellationRequested();
            string raw = CleanupFolders.RawName(folder);
            log.Info($"   Checking mailbox {raw}");
            try
            {
                var dups = await FindAsync(folder, ct).ConfigureAwait(false);
                foreach (var (seq, _, first) in dups)
                {
                    log.Debug($"       Msgnum {seq} is a duplicate of msgnum {first}");
                    if (!Changes)
                        log.Info(options.DryRun && options.MoveTo is not null ? $"Would have moved msgnum {seq} to {options.MoveTo}" : $"Would have purged msgnum {seq}");
                    else
                    {
                        if (options.MoveTo is not null) log.Info($"       Moving msgnum {seq} to {options.MoveTo}");
                        log.Info($"       Marked msg number {seq} for delete");
                    }
                }
                if (Changes && dups.Count > 0) pending.Add(new Pending(folder, raw, dups.Select(d => d.Uid).ToList()));
            }
            catch (ImapCommandException e)
            {
                log.Error($"unexpected response: {CleanupFolders.Reply(e)}");
                failures++;
            }
            finally
            {
                if (folder.IsOpen) await folder.CloseAsync(false, ct).ConfigureAwait(false);
            }
        }

        int purged = 0, moved = 0;
        if (pending.Count == 0) return (0, 0, failures);
        IMailFolder? destination = options.MoveTo is null ? null
            : await account.EnsureFolderAsync(moveName!, ct).ConfigureAwait(false);
        foreach (var p in pending)
        {
            try
            {
                await p.Folder.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
                int count;
                if (destination is not null)
                {
                    await p.Folder.MoveToAsync(p.Uids, destination, ct).ConfigureAwait(false);
                    count = p.Uids.Count;
                    moved += count;
                }
                else
                    count = await FolderDeletion.DeleteAsync(account.Client, p.Folder, p.Uids, ct).ConfigureAwait(false);
                purged += count;
                log.Info($"Purging mailbox {p.RawName}...{count} messages purged");
            }
            catch (ImapCommandException e)
            {
                log.Error(destination is null ? $"Error purging messages: {CleanupFolders.Reply(e)}" : $"unexpected COPY response: {CleanupFolders.Reply(e)}");
                failures++;
            }
            finally
            {
                if (p.Folder.IsOpen) await p.Folder.CloseAsync(false, ct).ConfigureAwait(false);
            }
        }
        return (purged, moved, failures);
    }

    /// <summary>The duplicates of one mailbox in sequence order: (sequence number, UID, sequence number of the kept copy).</summary>
    private async Task<List<(int Seq, UniqueId Uid, int First)>> FindAsync(IMailFolder folder, CancellationToken ct)
    {
        await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
        var result = new List<(int, UniqueId, int)>();
        if (folder.Count == 0) return result;
        int first = Math.Max(1, options.First);
        int last = Math.Min(options.Last ?? folder.Count, folder.Count);
        var items = MessageSummaryItems.UniqueId | (options.Key.NeedsInternalDate ? MessageSummaryItems.InternalDate : 0);
        var request = new FetchRequest(items);
        if (options.Key.HeaderFields.Count > 0) request.Headers = new HeaderSet(options.Key.HeaderFields);
        var kept = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int start = first; start <= last; start += options.BatchSize)
        {
            int end = Math.Min(last, start + options.BatchSize - 1);
            var summaries = (await folder.FetchAsync(start - 1, end - 1, request, ct).ConfigureAwait(false)).OrderBy(s => s.Index).ToList();
            Dictionary<UniqueId, string?>? bodyKeys = null;
            if (options.Key.Kind == DuplicateKeyKind.BodyMd5)
                bodyKeys = await BodyKeysAsync(folder, summaries.Select(s => s.UniqueId).ToList(), ct).ConfigureAwait(false);
            foreach (var s in summaries)
            {
                string? key = bodyKeys is not null
                    ? bodyKeys.GetValueOrDefault(s.UniqueId)
                    : DuplicateKey.FromHeaders(options.Key, s.Headers ?? new MimeKit.HeaderList(), s.InternalDate);
                if (key is null) continue;
                int seq = s.Index + 1;
                if (kept.TryGetValue(key, out int keptSeq)) result.Add((seq, s.UniqueId, keptSeq));
                else kept[key] = seq;
            }
        }
        return result;
    }

    /// <summary>The -H keys of a batch: one UID FETCH BODY.PEEK[] for the whole batch.</summary>
    private static async Task<Dictionary<UniqueId, string?>> BodyKeysAsync(IMailFolder folder, IList<UniqueId> uids, CancellationToken ct)
    {
        var keys = new Dictionary<UniqueId, string?>();
        if (uids.Count == 0) return keys;
        if (folder is not ImapFolder imap) throw new InvalidOperationException("-H needs an IMAP folder");
        await imap.GetStreamsAsync(uids, async (_, _, uid, stream, token) =>
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, token).ConfigureAwait(false);
            keys[uid] = DuplicateKey.BodyMd5(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }, ct).ConfigureAwait(false);
        return keys;
    }
}
