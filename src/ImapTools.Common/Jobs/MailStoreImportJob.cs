using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Reporting;
using ImapTools.Common.Stores;

namespace ImapTools.Common.Jobs;

/// <summary>
/// Copies the folders of a local store (dump, Maildir, mbox, Thunderbird) into one IMAP account through the shared
/// <see cref="FolderCopier"/> (batched MULTIAPPEND with flags, keywords and internal dates).
/// </summary>
public sealed class MailStoreImportJob
{
    private readonly MailStoreImportOptions _o;
    private readonly IMailStore _store;
    private readonly ToolLog _log;
    private readonly IStoreTransferObserver? _observer;

    /// <summary>Creates the job.</summary>
    /// <param name="options">The account, the folders and the pipeline.</param>
    /// <param name="store">Where the messages come from.</param>
    /// <param name="log">The run's log.</param>
    /// <param name="observer">Receives folder and message events, or null.</param>
    public MailStoreImportJob(MailStoreImportOptions options, IMailStore store, ToolLog log, IStoreTransferObserver? observer = null)
    {
        _o = options;
        _store = store;
        _log = log;
        _observer = observer;
    }

    /// <summary>Runs the import; connect and login failures throw, a failing folder is reported and skipped.</summary>
    public async Task<CopySummary> RunAsync(CancellationToken ct)
    {
        var summary = new CopySummary();
        var folders = _o.Folders.Count > 0 ? _o.Folders : _store.ListFolders();
        var connector = new ImapConnector(_o.Connection, _log);
        await using var account = await ImapAccount.OpenAsync(connector, _o.Destination, "destination", _o.DestinationNamespace, _log, ct).ConfigureAwait(false);
        var imapName = _o.ImapFolderName
            ?? new MailboxNameTranslator(new MailboxNamespace("", _store.Delimiter), account.Namespace, null, new NameTranslationOptions()).Translate;
        var copier = new FolderCopier(_o.Pipeline with { UpdateMode = _o.Update }, _observer);

        foreach (string from in folders)
        {
            string to = imapName(from);
            try
            {
                var source = _store.OpenSource(from);
                var listed = await source.ListAsync(ct).ConfigureAwait(false);
                var folder = await account.EnsureFolderAsync(to, ct).ConfigureAwait(false);
                var sink = new ImapFolderSink(account.Client, folder, ModifiedUtf7.Encode(to));
                await sink.OpenAsync(ct).ConfigureAwait(false);
                _observer?.FolderStarting(from, to, listed.Count);
                var result = new FolderResult { Listed = listed.Count };
                var selected = await copier.SelectAsync(listed, sink, source, result, ct).ConfigureAwait(false);
                await copier.CopySelectedAsync(source, sink, selected, result, ct).ConfigureAwait(false);
                if (sink.DroppedKeywords.Count > 0)
                    _log.Warn($"{to}: the server cannot store the keywords {string.Join(' ', sink.DroppedKeywords)}; they were dropped");
                summary.Add(new FolderSummary(from, to, result.Listed, result.Copied, result.Skipped, result.Failed, result.Bytes, null));
                _observer?.FolderDone(from, to, result);
            }
            catch (Exception e) when (StoreTransfer.IsFolderError(e))
            {
                string reason = StoreTransfer.Describe(e);
                summary.Add(new FolderSummary(from, to, 0, 0, 0, 0, 0, reason));
                if (_observer is null) _log.Error($"Error importing {from}: {reason}");
                else _observer.FolderFailed(from, reason);
                if (!account.Client.IsConnected)
                    throw new ImapToolsException($"Lost the connection to {_o.Destination.Host} while importing {from}: {reason}", ExitCodes.Protocol, e);
            }
        }
        return summary;
    }
}
