using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Jobs;

/// <summary>What a one-way sync of one local folder into one IMAP mailbox does (mbxIMAPsync).</summary>
public sealed record FolderSyncOptions
{
    /// <summary>The IMAP account.</summary>
    public required ConnectionString Destination { get; init; }

    /// <summary>Timeout and TLS settings.</summary>
    public required ConnectionSettings Connection { get; init; }

    /// <summary>The mailbox's full server name (Unicode); created when missing.</summary>
    public required string Mailbox { get; init; }

    /// <summary>Batch sizes and filters for the messages added.</summary>
    public PipelineOptions Pipeline { get; init; } = new();
}

/// <summary>What a folder sync did.</summary>
/// <param name="Added">Messages appended (the mailbox lacked their keys).</param>
/// <param name="FailedAdds">Messages the server refused.</param>
/// <param name="Purged">Messages expunged (the local folder lacks their keys).</param>
/// <param name="NotExpunged">Messages marked \Deleted but left in place (no UIDPLUS and other \Deleted messages present).</param>
public sealed record FolderSyncResult(int Added, int FailedAdds, int Purged, int NotExpunged);

/// <summary>Observes a folder sync.</summary>
public interface IFolderSyncObserver : ICopyObserver
{
    /// <summary>The add step starts: <paramref name="missing"/> local messages are not in the mailbox.</summary>
    void Adding(int missing);

    /// <summary>The purge step starts: these keys are in the mailbox but not in the local folder (one entry per message).</summary>
    void Purging(IReadOnlyList<string> keys);
}

/// <summary>
/// One-way sync of a local folder (an mbox file) into one IMAP mailbox by the shared message keys: appends every
/// local message whose key the mailbox lacks, then deletes exactly the mailbox messages whose key the local folder
/// lacks (UID STORE +FLAGS \Deleted and UID EXPUNGE of those UIDs only). The local folder is read completely before
/// the server is touched, so an unreadable file deletes nothing; keys are those of <see cref="Dedupe.MessageKey"/>
/// on both sides, messages without Message-ID included.
/// </summary>
public sealed class FolderSyncJob
{
    private readonly FolderSyncOptions _o;
    private readonly IMessageSource _source;
    private readonly ToolLog _log;
    private readonly IFolderSyncObserver? _observer;

    /// <summary>Creates the job.</summary>
    public FolderSyncJob(FolderSyncOptions options, IMessageSource source, ToolLog log, IFolderSyncObserver? observer = null)
    {
        _o = options;
        _source = source;
        _log = log;
        _observer = observer;
    }

    /// <summary>Runs the sync; file, connect and login failures throw before anything changes on the server.</summary>
    public async Task<FolderSyncResult> RunAsync(CancellationToken ct)
    {
        var listed = await _source.ListAsync(ct).ConfigureAwait(false);
        var localKeys = listed.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

        var connector = new ImapConnector(_o.Connection, _log);
        await using var account = await ImapAccount.OpenAsync(connector, _o.Destination, "destination", null, _log, ct).ConfigureAwait(false);
        var folder = await account.EnsureFolderAsync(_o.Mailbox, ct).ConfigureAwait(false);
        var sink = new ImapFolderSink(account.Client, folder, ModifiedUtf7.Encode(_o.Mailbox));
        var serverKeys = await sink.ReadKeysAsync(ct).ConfigureAwait(false);

        var copier = new FolderCopier(_o.Pipeline with { UpdateMode = true }, _observer);
        var result = new FolderResult { Listed = listed.Count };
        var missing = await copier.SelectAsync(listed, sink, _source, result, ct).ConfigureAwait(false);
        _observer?.Adding(missing.Count);
        await copier.CopySelectedAsync(_source, sink, missing, result, ct).ConfigureAwait(false);

        var doomed = serverKeys.Where(p => !localKeys.Contains(p.Key)).SelectMany(p => p.Value.Select(uid => (p.Key, Uid: uid))).ToList();
        _observer?.Purging(doomed.Select(d => d.Key).ToList());
        int purged = 0, notExpunged = 0;
        if (doomed.Count > 0)
        {
            var uids = doomed.Select(d => d.Uid).ToList();
            if (account.Client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
            {
                purged = await FolderDeletion.DeleteAsync(account.Client, folder, uids, ct).ConfigureAwait(false);
            }
            else
            {
                // Without UID EXPUNGE a plain EXPUNGE would also remove messages someone else marked \Deleted.
                await folder.AddFlagsAsync(uids, MessageFlags.Deleted, true, ct).ConfigureAwait(false);
                var deleted = await folder.SearchAsync(MailKit.Search.SearchQuery.Deleted, ct).ConfigureAwait(false);
                if (deleted.All(uids.Contains))
                {
                    int before = folder.Count;
                    await folder.ExpungeAsync(ct).ConfigureAwait(false);
                    purged = before - folder.Count;
                }
                else
                {
                    notExpunged = uids.Count;
                    _log.Warn($"{ModifiedUtf7.Encode(_o.Mailbox)}: the server has no UIDPLUS and other messages are marked \\Deleted; {uids.Count} messages were marked \\Deleted but not expunged");
                }
            }
        }
        await folder.CloseAsync(false, ct).ConfigureAwait(false);
        return new FolderSyncResult(result.Copied, result.Failed, purged, notExpunged);
    }
}
