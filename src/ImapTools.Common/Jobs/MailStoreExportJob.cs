using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Reporting;
using ImapTools.Common.Selection;
using ImapTools.Common.Stores;
using MailKit;
using IMailStore = ImapTools.Common.Stores.IMailStore;
using MailKit.Net.Imap;

namespace ImapTools.Common.Jobs;

/// <summary>
/// Copies the folders of one IMAP account into a local store (dump, Maildir, mbox) through the shared
/// <see cref="FolderCopier"/>, so bytes, flags, keywords and internal dates reach the store's sink.
/// </summary>
public sealed class MailStoreExportJob
{
    private readonly MailStoreExportOptions _o;
    private readonly IMailStore _store;
    private readonly ToolLog _log;
    private readonly IStoreTransferObserver? _observer;

    /// <summary>Creates the job.</summary>
    /// <param name="options">The account, the selection and the pipeline.</param>
    /// <param name="store">Where the messages go.</param>
    /// <param name="log">The run's log.</param>
    /// <param name="observer">Receives folder and message events, or null.</param>
    public MailStoreExportJob(MailStoreExportOptions options, IMailStore store, ToolLog log, IStoreTransferObserver? observer = null)
    {
        _o = options;
        _store = store;
        _log = log;
        _observer = observer;
    }

    /// <summary>Runs the export; connect and login failures throw, a failing folder is reported and skipped.</summary>
    public async Task<CopySummary> RunAsync(CancellationToken ct)
    {
        var summary = new CopySummary();
        var connector = new ImapConnector(_o.Connection, _log);
        await using var account = await ImapAccount.OpenAsync(connector, _o.Source, "source", _o.SourceNamespace, _log, ct).ConfigureAwait(false);
        var all = await account.ListFoldersAsync(ct).ConfigureAwait(false);
        var folders = MailboxSelector.Select(all, _o.Mailboxes.Select(n => WithPrefix(n, all, account.Namespace)).ToList(), _o.IncludeSubfolders,
            name => _log.Warn($"Source mailbox {name} does not exist, skipping it"));
        var storeName = _o.StoreFolderName
            ?? new MailboxNameTranslator(account.Namespace, new MailboxNamespace("", _store.Delimiter), null, new NameTranslationOptions()).Translate;
        var copier = new FolderCopier(_o.Pipeline with { UpdateMode = _o.Update }, _observer);

        foreach (var folder in folders)
        {
            if (folder.Attributes.HasFlag(FolderAttributes.NoSelect) || folder.Attributes.HasFlag(FolderAttributes.NonExistent)) continue;
            if (_o.ExcludeFolder?.Invoke(folder.FullName) == true) continue;
            string to = storeName(folder.FullName);
            try
            {
                var source = new ImapFolderSource(folder, new SourceListing { Search = _o.Search }, folder.FullName);
                await source.OpenAsync(ct).ConfigureAwait(false);
                var listed = await source.ListAsync(ct).ConfigureAwait(false);
                var sink = _store.OpenSink(to);
                _observer?.FolderStarting(folder.FullName, to, listed.Count);
                var result = new FolderResult { Listed = listed.Count };
                var selected = await copier.SelectAsync(listed, sink, source, result, ct).ConfigureAwait(false);
                await copier.CopySelectedAsync(source, sink, selected, result, ct).ConfigureAwait(false);
                if (_o.RemoveExported && result.Confirmed.Count > 0)
                {
                    await folder.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
                    int removed = await FolderDeletion.DeleteAsync(account.Client, folder,
                        result.Confirmed.Where(r => r.Uid is not null).Select(r => r.Uid!.Value).ToList(), ct).ConfigureAwait(false);
                    _log.Debug($"Removed {removed} exported messages from {folder.FullName}");
                }
                await folder.CloseAsync(false, ct).ConfigureAwait(false);
                summary.Add(new FolderSummary(folder.FullName, to, result.Listed, result.Copied, result.Skipped, result.Failed, result.Bytes, null));
                _observer?.FolderDone(folder.FullName, to, result);
            }
            catch (Exception e) when (StoreTransfer.IsFolderError(e))
            {
                string reason = StoreTransfer.Describe(e);
                summary.Add(new FolderSummary(folder.FullName, to, 0, 0, 0, 0, 0, reason));
                if (_observer is null) _log.Error($"Error exporting {folder.FullName}: {reason}");
                else _observer.FolderFailed(folder.FullName, reason);
                if (!account.Client.IsConnected)
                    throw new ImapToolsException($"Lost the connection to {_o.Source.Host} while exporting {folder.FullName}: {reason}", ExitCodes.Protocol, e);
            }
        }
        return summary;
    }

    /// <summary>
    /// A name typed without the personal prefix (<c>Sent</c> on an <c>INBOX.</c> server) or with <c>/</c> as the level
    /// separator means the prefixed, delimited folder, when the name as typed does not exist (the legacy tools
    /// prepended the prefix to every -M name).
    /// </summary>
    private static string WithPrefix(string typed, IReadOnlyList<IMailFolder> all, MailboxNamespace ns)
    {
        string name = ModifiedUtf7.DecodeIfEncoded(typed);
        if (MailboxNameComparer.IsInbox(name) || all.Any(f => f.FullName == name)) return typed;
        string candidate = ns.Prefix + (ns.Delimiter == '/' ? name : name.Replace('/', ns.Delimiter));
        return all.Any(f => f.FullName == candidate) ? candidate : typed;
    }
}

/// <summary>What the store jobs treat as a folder-level failure (the run goes on).</summary>
internal static class StoreTransfer
{
    public static bool IsFolderError(Exception e) =>
        e is ImapCommandException or ImapProtocolException or IOException or ImapToolsException or FolderNotFoundException
            or UnauthorizedAccessException or InvalidOperationException or FormatException;

    public static string Describe(Exception e) => (e switch
    {
        ImapCommandException c => $"{c.Response} {c.ResponseText}",
        IOException or UnauthorizedAccessException => FileErrors.Describe(e) is var d && d != e.Message ? $"{d}" : e.Message,
        _ => e.Message,
    }).ReplaceLineEndings(" ");
}
