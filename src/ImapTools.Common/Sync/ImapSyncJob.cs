using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace ImapTools.Common.Sync;

/// <summary>What one folder's synchronisation did (or, in test mode, would have done).</summary>
/// <param name="DestinationName">The destination mailbox (modified UTF-7, as printed).</param>
/// <param name="Added">Messages appended.</param>
/// <param name="Updated">Destination messages whose flags were changed.</param>
/// <param name="Deleted">Destination messages removed.</param>
/// <param name="Moved">Source messages moved to the -A archive.</param>
/// <param name="Failed">Messages or operations that failed.</param>
public sealed record FolderSyncCounts(string DestinationName, int Added, int Updated, int Deleted, int Moved, int Failed);

/// <summary>
/// imapsync: one-way synchronisation of accounts (spec imapsync). Per folder it lists both sides once (one FETCH of
/// UID, FLAGS, INTERNALDATE, RFC822.SIZE and the header), adds the source messages whose key the destination lacks
/// with the imapcopy engine (<see cref="FolderCopier"/> and <see cref="ImapFolderSink"/>), makes the destination's
/// flags and keywords equal to the source's, and removes destination messages whose key the source lacks (unless
/// -n) with UID STORE \Deleted + UID EXPUNGE of exactly those UIDs. The source is only EXAMINEd: where the original
/// expunged every source folder first, source messages flagged \Deleted are treated as absent instead.
/// </summary>
public sealed class ImapSyncJob : ICopyObserver
{
    private const string Dashes = "----------------------------------------------------";
    private readonly ImapSyncOptions _o;
    private readonly ToolLog _log;
    private readonly ImapConnector _connector;
    private readonly List<(string User, List<FolderSyncCounts> Folders)> _results = [];
    private int _failures;

    /// <summary>Creates the job.</summary>
    public ImapSyncJob(ImapSyncOptions options, ToolLog log)
    {
        _o = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _connector = new ImapConnector(options.Connection, log);
    }

    /// <summary>Runs every account pair and returns the exit code (0, or <see cref="ExitCodes.Partial"/> when anything failed).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        _log.Info($"{_o.ProgramName} starting");
        // A missing or malformed map file is reported before any server is contacted; the real load needs the delimiters.
        if (_o.MapFile is not null) MailboxMap.Load(_o.MapFile, '/', '/');
        _log.Info("");
        var pairs = AccountPairs.Read(_o.Accounts);
        if (_o.SinceText is not null) _log.Info($"Syncing messages after {_o.SinceText}");
        foreach (var (from, to) in _o.Archives)
            _log.Info($"Messages in {from} on the source will be moved to {to} on the source after syncing");
        if (_o.TestMode) _log.Info("Running in test mode, no changes will be made");

        // Not "_failures += await ...": that reads _failures before the await and loses the per-folder failures counted meanwhile.
        int pairFailures = await AccountPairs.ForEachAsync(pairs, pair => SyncUserAsync(pair, ct), _log).ConfigureAwait(false);
        _failures += pairFailures;

        _log.Info("");
        _log.Info("Synchronization summary:");
        var users = _results.Where(r => r.Folders.Count > 0).ToList();
        _log.Info($"{users.Select(u => u.User).Distinct(StringComparer.Ordinal).Count()} users synchronized");
        _log.Info(Dashes);
        foreach (var (user, folders) in users)
        {
            _log.Info(user);
            foreach (var f in folders)
            {
                if (_o.TestMode)
                {
                    _log.Info($"      {f.DestinationName}:Would have added:{f.Added}");
                    _log.Info($"      {f.DestinationName}:Would have updated:{f.Updated}");
                    if (!_o.NoDelete) _log.Info($"      {f.DestinationName}:Would have deleted:{f.Deleted}");
                }
                else
                {
                    _log.Info($"      {f.DestinationName}:added:    {f.Added}");
                    _log.Info($"      {f.DestinationName}:Updated:  {f.Updated}");
                    if (!_o.NoDelete) _log.Info($"      {f.DestinationName}:deleted:  {f.Deleted}");
                }
            }
        }
        _log.Info("");
        return _failures > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private void Verbose(string message)
    {
        if (_o.Verbose) _log.Info(message);
        else _log.Debug(message);
    }

    private async Task<ImapAccount> ConnectAsync(ConnectionString target, string side, MailboxNamespace? ns, CancellationToken ct)
    {
        Verbose($"Connecting to {target.Host}");
        var account = await ImapAccount.OpenAsync(_connector, target, side, ns, _log, ct).ConfigureAwait(false);
        _log.Info($"Connected to {target.Host} on port {target.Port}");
        _log.Info($"Authenticating as {target.User}");
        Verbose($"prefix  {account.Namespace.Prefix}");
        Verbose($"delim   {account.Namespace.Delimiter}");
        return account;
    }

    private async Task SyncUserAsync(AccountPair pair, CancellationToken ct)
    {
        var src = await ConnectAsync(pair.Source, "source", _o.SourceNamespace, ct).ConfigureAwait(false);
        ImapAccount dst;
        try { dst = await ConnectAsync(pair.Destination, "destination", _o.DestinationNamespace, ct).ConfigureAwait(false); }
        catch { await src.DisposeAsync().ConfigureAwait(false); throw; }
        var slot = new ConnectedPair { Source = src, Destination = dst };
        try
        {
            await SyncUserAsync(pair, slot, ct).ConfigureAwait(false);
        }
        finally
        {
            await slot.Source.DisposeAsync().ConfigureAwait(false);
            await slot.Destination.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The two logged-in accounts of one user; replaced after a lost connection.</summary>
    private sealed class ConnectedPair
    {
        public required ImapAccount Source { get; set; }
        public required ImapAccount Destination { get; set; }
    }

    private async Task SyncUserAsync(AccountPair pair, ConnectedPair slot, CancellationToken ct)
    {
        var src = slot.Source;
        var dst = slot.Destination;
        var map = _o.MapFile is null ? null : MailboxMap.Load(_o.MapFile, src.Namespace.Delimiter, dst.Namespace.Delimiter);
        foreach (var (from, to) in map?.Entries ?? [])
            _log.Info($"Mapping src:{ModifiedUtf7.Encode(from)} to dst:{ModifiedUtf7.Encode(to)}");
        var translator = new SyncNameTranslator(src.Namespace, dst.Namespace, map, _o.CollapseWhitespace);

        var folders = await ListSourceFoldersAsync(src, ct).ConfigureAwait(false);
        var archives = await PrepareArchivesAsync(src, ct).ConfigureAwait(false);

        // Destination folders first (CREATE, or what test mode would create), as the original did.
        var plan = new List<(IMailFolder Source, string DestinationFull, IMailFolder? Destination)>();
        foreach (var folder in folders)
        {
            string dstFull = translator.Translate(folder.FullName);
            string dstName = ModifiedUtf7.Encode(dstFull);
            var existing = await dst.FindFolderAsync(dstFull, ct).ConfigureAwait(false);
            if (existing is null && _o.TestMode)
            {
                if (!MailboxNameComparer.IsInbox(dstFull)) _log.Info($"Would have created {dstName} on the destination");
            }
            else if (existing is null)
            {
                try
                {
                    existing = await dst.EnsureFolderAsync(dstFull, ct).ConfigureAwait(false);
                    _log.Info($"Created mailbox {dstName}");
                }
                catch (ImapToolsException e)
                {
                    _log.Error(e.Message);
                    _failures++;
                    continue;
                }
            }
            plan.Add((folder, dstFull, existing));
        }

        string user = pair.DestinationUserName;
        _log.Info($"Checking for adds & updates for {user}");
        var counts = new List<FolderSyncCounts>();
        // After a lost connection both sides are logged in again and the folder is synced again from the start:
        // a sync converges, so messages that landed before the loss are found, not added twice.
        int generation = 0;
        bool Connected() => src.Client.IsConnected && dst.Client.IsConnected;
        async Task ReconnectAsync(CancellationToken token)
        {
            await ImapAccount.CloseQuietlyAsync(src, dst).ConfigureAwait(false);
            slot.Source = src = await ConnectAsync(pair.Source, "source", _o.SourceNamespace, token).ConfigureAwait(false);
            slot.Destination = dst = await ConnectAsync(pair.Destination, "destination", _o.DestinationNamespace, token).ConfigureAwait(false);
            archives = await PrepareArchivesAsync(src, token).ConfigureAwait(false);
            generation++;
        }
        foreach (var (listedFolder, dstFull, listedDestination) in plan)
        {
            var folder = listedFolder;
            if (folder.Attributes.HasFlag(FolderAttributes.NoSelect) || folder.Attributes.HasFlag(FolderAttributes.NonExistent)) continue;
            string dstName = ModifiedUtf7.Encode(dstFull);
            try
            {
                await _o.Connection.Retry.RunAsync($"syncing {ModifiedUtf7.Encode(folder.FullName)}", async _ =>
                {
                    var dstFolder = listedDestination;
                    if (generation > 0)
                    {
                        folder = await src.Client.GetFolderAsync(listedFolder.FullName, ct).ConfigureAwait(false);
                        dstFolder = listedDestination is null ? null : await dst.FindFolderAsync(dstFull, ct).ConfigureAwait(false);
                    }
                    var c = await SyncFolderAsync(src, dst, folder, dstName, dstFolder, archives, ct).ConfigureAwait(false);
                    counts.Add(c);
                    _failures += c.Failed;
                }, Connected, ReconnectAsync, _log, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ImapCommandException or ImapProtocolException or IOException or FolderNotFoundException or InvalidOperationException or ImapToolsException or ServiceNotConnectedException or TimeoutException)
            {
                string text = e is ImapCommandException c ? $"{c.Response} {c.ResponseText}" : e.Message;
                _log.Error($"Error syncing {ModifiedUtf7.Encode(folder.FullName)}: {text.ReplaceLineEndings(" ")}");
                _failures++;
                if (!Connected())
                    throw new ImapToolsException($"Lost the connection while syncing {ModifiedUtf7.Encode(folder.FullName)}: {text}", ExitCodes.Protocol, e);
            }
        }
        lock (_results) _results.Add((user, counts));
        if (_o.DeleteFolders && !_o.NoDelete && _o.Include.Count == 0)
            await DeleteExtraFoldersAsync(src, dst, translator, ct).ConfigureAwait(false);

        _log.Info("");
        _log.Info($"Summary of results for {user}");
        if (_o.TestMode)
        {
            _log.Info($"   Would have added   {counts.Sum(c => c.Added)}");
            _log.Info($"   Would have updated {counts.Sum(c => c.Updated)}");
            _log.Info($"   Would have deleted {counts.Sum(c => c.Deleted)}");
        }
        else
        {
            _log.Info($"   Added   {counts.Sum(c => c.Added)}");
            _log.Info($"   Updated {counts.Sum(c => c.Updated)}");
            _log.Info($"   Deleted {counts.Sum(c => c.Deleted)}");
            int moved = counts.Sum(c => c.Moved);
            if (moved > 0) _log.Info($"   Moved   {moved}");
        }
    }

    /// <summary>--delete-folders: removes destination mailboxes that no source mailbox (listed or excluded) maps to.</summary>
    private async Task DeleteExtraFoldersAsync(ImapAccount src, ImapAccount dst, SyncNameTranslator translator, CancellationToken ct)
    {
        var wanted = (await src.ListFoldersAsync(ct).ConfigureAwait(false)).Select(f => translator.Translate(f.FullName))
            .Concat(_o.Archives.Select(a => translator.Translate(UserName(a.Key))))
            .ToHashSet(MailboxNameComparer.Instance);
        char delimiter = dst.Namespace.Delimiter;
        string root = dst.Namespace.Prefix.TrimEnd(delimiter);
        foreach (var folder in (await dst.ListFoldersAsync(ct).ConfigureAwait(false)).OrderByDescending(f => f.FullName.Length))
        {
            string name = folder.FullName;
            if (MailboxNameComparer.IsInbox(name) || name == root || wanted.Contains(name)) continue;
            if (wanted.Any(w => w.StartsWith(name + delimiter, StringComparison.Ordinal))) continue;
            string shown = ModifiedUtf7.Encode(name);
            if (_o.TestMode)
            {
                _log.Info($"Would have deleted mailbox {shown} on the destination");
                continue;
            }
            try
            {
                if (folder.IsOpen) await folder.CloseAsync(false, ct).ConfigureAwait(false);
                await folder.DeleteAsync(ct).ConfigureAwait(false);
                _log.Info($"Deleted mailbox {shown} on the destination");
            }
            catch (ImapCommandException e)
            {
                _log.Error($"Error deleting {shown}: {e.Response} {e.ResponseText}");
                _failures++;
            }
        }
    }

    private async Task<List<IMailFolder>> ListSourceFoldersAsync(ImapAccount src, CancellationToken ct)
    {
        // Archive mailboxes (-A) are never synchronised themselves.
        var (folders, count) = await SourceFolderSelection.SelectAsync(src, _o.Include, _o.Exclude.Concat(_o.Archives.Select(a => a.Value)), _log, ct).ConfigureAwait(false);
        _log.Info($"There are {count} mailboxes to sync");
        return folders;
    }

    private async Task<Dictionary<string, IMailFolder>> PrepareArchivesAsync(ImapAccount src, CancellationToken ct)
    {
        var result = new Dictionary<string, IMailFolder>(MailboxNameComparer.Instance);
        foreach (var (from, to) in _o.Archives)
        {
            string archiveName = UserName(to);
            var folder = await src.FindFolderAsync(archiveName, ct).ConfigureAwait(false);
            if (folder is null && !_o.TestMode)
                folder = await src.EnsureFolderAsync(archiveName, ct).ConfigureAwait(false);
            if (folder is not null) result[UserName(from)] = folder;
        }
        return result;
    }

    /// <summary>Names typed by users may be given in modified UTF-7 (Caf&amp;AOk-) or in plain Unicode.</summary>
    private static string UserName(string raw) => ModifiedUtf7.DecodeIfEncoded(raw);

    private List<MessageRecord> WithoutIgnored(IReadOnlyList<MessageRecord> records)
    {
        if (_o.IgnoredKeys.Count == 0) return records.ToList();
        var kept = new List<MessageRecord>(records.Count);
        foreach (var r in records)
        {
            if (_o.IgnoredKeys.Contains(r.Key)) _log.Info($"Ignoring {r.Key}");
            else kept.Add(r);
        }
        return kept;
    }

    private async Task<FolderSyncCounts> SyncFolderAsync(ImapAccount src, ImapAccount dst, IMailFolder folder, string dstName,
        IMailFolder? dstFolder, IReadOnlyDictionary<string, IMailFolder> archives, CancellationToken ct)
    {
        string srcName = ModifiedUtf7.Encode(folder.FullName);
        SearchQuery? dated = _o.Since is DateTime since ? SearchQuery.SentSince(since) : null;

        // Source: EXAMINE only; one FETCH for the whole listing.
        var source = new ImapFolderSource(folder, new SourceListing { Search = dated }, srcName);
        await source.OpenAsync(ct).ConfigureAwait(false);
        if (dated is not null) _log.Info($"     There are {source.Count} messages in {srcName}");
        var listed = await source.ListAsync(ct).ConfigureAwait(false);
        if (dated is not null && listed.Count > 0) _log.Info($"     There are {listed.Count} messages after {_o.SinceText}");
        listed = WithoutIgnored(listed);
        _log.Info($"source {srcName} has {listed.Count} messages");
        var live = listed.Where(r => !r.Flags.HasFlag(MessageFlags.Deleted)).ToList();
        if (live.Count < listed.Count)
            Verbose($"   {listed.Count - live.Count} messages flagged \\Deleted on the source are treated as absent");

        // Destination: SELECT (EXAMINE in test mode), full listing for adds and updates, dated listing for deletes.
        ImapFolderSink? sink = null;
        List<MessageRecord> dstAll = [];
        List<MessageRecord> dstForDeletes = [];
        if (dstFolder is not null)
        {
            if (_o.TestMode)
            {
                if (!dstFolder.IsOpen) await dstFolder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
            }
            else
            {
                sink = new ImapFolderSink(dst.Client, dstFolder, dstName);
                await sink.OpenAsync(ct).ConfigureAwait(false);
            }
            dstAll = WithoutIgnored(await new ImapFolderSource(dstFolder, new SourceListing(), dstName).ListAsync(ct).ConfigureAwait(false));
            dstForDeletes = dated is null ? dstAll
                : WithoutIgnored(await new ImapFolderSource(dstFolder, new SourceListing { Search = dated }, dstName).ListAsync(ct).ConfigureAwait(false));
        }

        var dstByKey = dstAll.GroupBy(r => r.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var sourceByKey = new Dictionary<string, MessageRecord>(StringComparer.Ordinal);
        foreach (var r in live) sourceByKey[r.Key] = r;   // duplicates: the last one decides the flags (Q12)

        // 1. Adds: every live source message whose key the destination lacks (duplicates are each added, Q12).
        var toAdd = live.Where(r => !dstByKey.ContainsKey(r.Key)).ToList();
        if (_o.MaxAddsPerFolder is int max && toAdd.Count > max) toAdd = toAdd.Take(max).ToList();

        // 2. Flag updates: destination messages whose flags differ from their source's.
        var updates = new List<(MessageRecord Dest, MessageFlags Flags, HashSet<string> Keywords, string Old, string New)>();
        foreach (var (key, srcRecord) in sourceByKey)
        {
            if (!dstByKey.TryGetValue(key, out var copies)) continue;
            var keywords = SyncFlags.Keywords(srcRecord.Keywords, k => dstFolder is null || SyncFlags.CanStore(dstFolder, k));
            var flags = srcRecord.Flags & SyncFlags.SystemFlags;
            foreach (var d in copies)
            {
                if (SyncFlags.Equal(flags, keywords, d.Flags, d.Keywords)) continue;
                updates.Add((d, flags, keywords, SyncFlags.Format(d.Flags, d.Keywords), SyncFlags.Format(flags, keywords)));
            }
        }

        // 3. Deletes: destination messages whose key no live source message has.
        var toDelete = _o.NoDelete ? [] : dstForDeletes.Where(d => !sourceByKey.ContainsKey(d.Key) && d.Uid is not null).ToList();

        if (_o.TestMode)
        {
            foreach (var r in toAdd) _log.Info($"   Would have added msgnum {r.Index} {r.Key} to {dstName}");
            foreach (var u in updates) _log.Info($"   Would have updated the flags of msgnum {u.Dest.Index} {u.Dest.Key} in {dstName}: ({u.Old}) -> ({u.New})");
            foreach (var d in toDelete) _log.Info($"   Would have deleted msgnum {d.Index} {d.Key} from {dstName}");
            _log.Info($"   Would have added {toAdd.Count} messages to {dstName}");
            if (!_o.NoDelete) _log.Info($"   Would have deleted {toDelete.Count} messages from {dstName}");
            return new FolderSyncCounts(dstName, toAdd.Count, updates.Count, toDelete.Count, 0, 0);
        }

        int failed = 0;
        var result = new FolderResult { Listed = listed.Count };
        if (toAdd.Count > 0)
        {
            foreach (var r in toAdd) _log.Debug($"Inserting message {r.Key}");
            var copier = new FolderCopier(new PipelineOptions
            {
                Transform = _o.WrapLongLines ? c => new MessageContent(c.Record, MessageText.WrapLongLines(c.Data, 1000)) : null,
            }, this);
            await copier.CopySelectedAsync(source, sink!, toAdd, result, ct).ConfigureAwait(false);
            failed += result.Failed;
            if (sink!.DroppedKeywords.Count > 0)
                _log.Warn($"{dstName}: the destination cannot store the keywords {string.Join(' ', sink.DroppedKeywords)}; they were dropped");
        }

        int updated = 0;
        foreach (var u in updates)
            Verbose($"   Updating the flags for msgnum {u.Dest.Index}\nsrc_flags {u.New}\ndst_flags {u.Old}");
        foreach (var group in updates.GroupBy(u => SyncFlags.Format(u.Flags, u.Keywords), StringComparer.Ordinal))
        {
            var first = group.First();
            var uids = group.Select(u => u.Dest.Uid!.Value).ToList();
            try
            {
                var request = new StoreFlagsRequest(StoreAction.Set, first.Flags) { Silent = true };
                foreach (var k in first.Keywords) request.Keywords.Add(k);
                await dstFolder!.StoreAsync(uids, request, ct).ConfigureAwait(false);
                updated += uids.Count;
            }
            catch (ImapCommandException e)
            {
                _log.Error($"Error setting flags for msg {string.Join(',', group.Select(u => u.Dest.Index))}: {e.Response} {e.ResponseText}");
                failed += uids.Count;
            }
        }

        int deleted = 0;
        if (toDelete.Count > 0)
        {
            foreach (var d in toDelete) Verbose($"Removing {d.Key} from the dest");
            var uids = toDelete.Select(d => d.Uid!.Value).ToList();
            if (dst.Client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
            {
                deleted = await FolderDeletion.DeleteAsync(dst.Client, dstFolder!, uids, ct).ConfigureAwait(false);
            }
            else
            {
                // Without UIDPLUS an EXPUNGE would also remove messages the user flagged \Deleted: flag only.
                await dstFolder!.AddFlagsAsync(uids, MessageFlags.Deleted, true, ct).ConfigureAwait(false);
                _log.Warn($"{dstName}: the destination has no UIDPLUS; {uids.Count} messages were flagged \\Deleted but not expunged");
                deleted = uids.Count;
            }
        }

        int moved = 0;
        if (archives.TryGetValue(folder.FullName, out var archive) && result.Confirmed.Count > 0)
        {
            await folder.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
            var uids = result.Confirmed.Where(r => r.Uid is not null).Select(r => r.Uid!.Value).ToList();
            try
            {
                await folder.MoveToAsync(uids, archive, ct).ConfigureAwait(false);
                moved = uids.Count;
            }
            catch (ImapCommandException e)
            {
                _log.Error($"unexpected MOVE response: {e.Response} {e.ResponseText}");
                failed++;
            }
        }

        _log.Info($"   Added {result.Copied} messages to {dstName}");
        if (!_o.NoDelete) _log.Info($"   Deleted {deleted} messages from {dstName}");
        return new FolderSyncCounts(dstName, result.Copied, updated, deleted, moved, failed);
    }

    void ICopyObserver.Copied(IMessageSource source, MessageRecord record, int copiedSoFar, int total)
    {
        if (copiedSoFar % 100 == 0) _log.Info($"   Added {copiedSoFar} msgs");
    }

    void ICopyObserver.Failed(IMessageSource source, MessageRecord record, string reason) =>
        _log.Error($"Failed to add message {record.Index} ({record.Key}) from {source.Name}: {reason}");

    void ICopyObserver.TooLarge(IMessageSource source, MessageRecord record) { }
}
