using ImapTools.Common.Copy;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Logging;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Rules;

/// <summary>
/// Moves and copies exactly the given UIDs and nothing else: UID MOVE when the server offers MOVE, otherwise UID COPY,
/// then <c>\Deleted</c> and UID EXPUNGE of those UIDs (UIDPLUS). A message leaves its source only after the
/// destination has it (the tagged OK of COPY/MOVE, or the remote APPEND confirmed by the shared copy sink).
/// </summary>
public sealed class MessageMover
{
    private static readonly FetchRequest RecordRequest = new(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags
        | MessageSummaryItems.InternalDate | MessageSummaryItems.Size);

    private readonly ImapClient _client;
    private readonly ToolLog _log;
    private readonly bool _avoidMove;

    /// <summary>Creates a mover for the folders of <paramref name="client"/>.</summary>
    /// <param name="client">The source connection.</param>
    /// <param name="log">The run's log.</param>
    /// <param name="avoidMove">Use COPY + UID EXPUNGE even when MOVE is offered.</param>
    public MessageMover(ImapClient client, ToolLog log, bool avoidMove)
    {
        _client = client;
        _log = log;
        _avoidMove = avoidMove;
    }

    /// <summary>
    /// Moves (or with <paramref name="copy"/> copies) <paramref name="uids"/> from the open, read-write
    /// <paramref name="source"/> to <paramref name="destination"/> on the same server; returns how many.
    /// </summary>
    /// <exception cref="ImapToolsException">The server refused the COPY/MOVE (nothing was removed from the source).</exception>
    public async Task<int> MoveAsync(IMailFolder source, IList<UniqueId> uids, IMailFolder destination, bool copy, CancellationToken ct)
    {
        if (uids.Count == 0) return 0;
        try
        {
            if (!copy && !_avoidMove && _client.Capabilities.HasFlag(ImapCapabilities.Move))
            {
                await source.MoveToAsync(uids, destination, ct).ConfigureAwait(false);
                return uids.Count;
            }
            await source.CopyToAsync(uids, destination, ct).ConfigureAwait(false);
        }
        catch (ImapCommandException e)
        {
            throw new ImapToolsException(
                $"unexpected COPY response: {e.Response} {e.ResponseText} (Please verify that mailbox {destination.FullName} exists)", ExitCodes.Protocol, e);
        }
        if (!copy) await DeleteExactlyAsync(source, uids, ct).ConfigureAwait(false);
        return uids.Count;
    }

    /// <summary>
    /// Flags <paramref name="uids"/> <c>\Deleted</c> and expunges exactly them: UID EXPUNGE with UIDPLUS; without it a
    /// plain EXPUNGE only when no other message of the folder is <c>\Deleted</c> (else they stay flagged, with a warning).
    /// </summary>
    public async Task DeleteExactlyAsync(IMailFolder folder, IList<UniqueId> uids, CancellationToken ct)
    {
        if (uids.Count == 0) return;
        await folder.AddFlagsAsync(uids, MessageFlags.Deleted, true, ct).ConfigureAwait(false);
        if (_client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
        {
            await folder.ExpungeAsync(uids, ct).ConfigureAwait(false);
            return;
        }
        var ours = new HashSet<UniqueId>(uids);
        var deleted = await folder.SearchAsync(MailKit.Search.SearchQuery.Deleted, ct).ConfigureAwait(false);
        if (deleted.All(ours.Contains))
            await folder.ExpungeAsync(ct).ConfigureAwait(false);
        else
            _log.Warn($"{folder.FullName}: the server has no UIDPLUS and other messages are flagged \\Deleted, so the moved messages were only flagged \\Deleted (not expunged)");
    }

    /// <summary>
    /// Moves (or copies) <paramref name="uids"/> to a folder on another server through the shared copy sink:
    /// bodies are read in batches (BODY.PEEK), APPENDed with flags, keywords and INTERNALDATE, and only the messages
    /// whose APPEND was confirmed are removed from the source. Returns (transferred, failed).
    /// </summary>
    public async Task<(int Done, int Failed)> TransferAsync(IMailFolder source, string sourceName, IList<UniqueId> uids,
        IMessageSink sink, bool copy, int batchSize, CancellationToken ct)
    {
        var reader = new ImapFolderSource(source, new SourceListing(), sourceName);
        int done = 0, failed = 0;
        foreach (var batch in uids.Chunk(Math.Max(1, batchSize)))
        {
            var summaries = await source.FetchAsync(batch, RecordRequest, ct).ConfigureAwait(false);
            var records = summaries.OrderBy(s => s.UniqueId).Select(ImapFolderSource.ToRecord).ToList();
            var contents = await reader.ReadAsync(records, ct).ConfigureAwait(false);
            var confirmed = await sink.WriteAsync(contents, ct).ConfigureAwait(false);
            var ok = new List<UniqueId>();
            for (int i = 0; i < contents.Count; i++)
            {
                if (confirmed[i]) ok.Add(contents[i].Record.Uid!.Value);
                else _log.Error($"The remote server refused message UID {contents[i].Record.Uid} from {sourceName}; it stays in {sourceName}");
            }
            failed += batch.Length - ok.Count;
            if (!copy) await DeleteExactlyAsync(source, ok, ct).ConfigureAwait(false);
            done += ok.Count;
        }
        return (done, failed);
    }
}
