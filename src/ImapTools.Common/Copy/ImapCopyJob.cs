using System.Threading.Channels;
using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Dedupe;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Reporting;
using ImapTools.Common.Selection;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Copy;

/// <summary>One imapcopy run: lists, selects and maps the source mailboxes and copies each with <see cref="FolderCopier"/>.</summary>
public sealed class ImapCopyJob : ICopyObserver
{
    private readonly ImapCopyOptions _o;
    private readonly ToolLog _log;
    private readonly ImapConnector _connector;
    private readonly CopySummary _summary = new();
    private readonly List<(int Copied, string Source)> _legacySummary = [];
    private ProgressBar? _bar;
    private ProgressFile? _progress;
    private readonly CompletionReport? _report;
    private CopiedKeyStore? _keyStore;
    private SkipList _skipList = SkipList.Empty;
    private Dictionary<string, IMailFolder> _listedFolders = [];
    private object? _listingSession;

    /// <summary>Creates the job.</summary>
    public ImapCopyJob(ImapCopyOptions options, ToolLog log)
    {
        _o = options;
        _log = log;
        _connector = new ImapConnector(options.Connection, log);
        if (options.WebReport || Environment.GetEnvironmentVariable("HTTP_CONNECTION") is not null)
            _report = new CompletionReport { MaxMegabytes = options.MaxMegabytes };
    }

    /// <summary>The totals of the run so far.</summary>
    public CopySummary Summary => _summary;

    /// <summary>Runs the copy and returns the exit code (0, or <see cref="ExitCodes.Partial"/> when anything failed).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (_o.StatusFile is not null) _progress = new ProgressFile(_o.StatusFile);
        try
        {
            int rc = await RunCoreAsync(ct).ConfigureAwait(false);
            _progress?.Finish(rc);
            return rc;
        }
        catch (ImapToolsException e)
        {
            _progress?.Finish(e.ExitCode);
            throw;
        }
        catch (OperationCanceledException)
        {
            _progress?.Finish(ExitCodes.Interrupted);
            throw;
        }
    }

    private async Task<int> RunCoreAsync(CancellationToken ct)
    {
        _log.Info($"{_o.ProgramName} starting");
        LogModes();
        // A missing or malformed map file is reported before any server is contacted; the real load needs the delimiters.
        if (_o.MapFile is not null) MailboxMap.Load(_o.MapFile, '/', '/');
        _skipList = SkipList.LoadIfPresent(_o.SkipFile);
        foreach (var key in _skipList.Keys) _log.Info($"putting {key} in skip file");
        if (_o.KeyStoreDirectory is not null) _keyStore = CopiedKeyStore.Open(_o.KeyStoreDirectory, _o.Source.User);

        await using var main = await SessionSlot.OpenAsync(this, ct).ConfigureAwait(false);
        foreach (var (from, to) in main.Current.Map?.Entries ?? [])
            _log.Info($"Mapping src:{ModifiedUtf7.Encode(from)} to dst:{ModifiedUtf7.Encode(to)}");
        List<string> folders = [];
        await _o.Connection.Retry.RunAsync("listing the mailboxes", async _ =>
        {
            var listed = await ListSourceFoldersAsync(main.Current, ct).ConfigureAwait(false);
            _listedFolders = listed.ToDictionary(f => f.FullName, StringComparer.Ordinal);
            _listingSession = main.Current;
            folders = listed.Select(f => f.FullName).ToList();
            await PrepareDestinationAsync(main.Current, folders, ct).ConfigureAwait(false);
        }, main.IsConnected, main.ReconnectAsync, _log, ct).ConfigureAwait(false);
        _log.Info($"Number of mailboxes to process: {folders.Count}");
        if (_o.ProgressBar && ProgressBar.IsTerminal) _bar = new ProgressBar(Console.Error);

        int workers = _o.Parallel - 1;
        if (workers <= 1)
        {
            int i = 0;
            foreach (var f in folders) await CopyFolderGuardedAsync(main, f, ++i, folders.Count, ct).ConfigureAwait(false);
        }
        else
        {
            var queue = Channel.CreateUnbounded<(string Folder, int Index)>();
            int n = 0;
            foreach (var f in folders) queue.Writer.TryWrite((f, ++n));
            queue.Writer.Complete();
            var tasks = Enumerable.Range(0, Math.Min(workers, Math.Max(1, folders.Count))).Select(async _ =>
            {
                await using var session = await SessionSlot.OpenAsync(this, ct).ConfigureAwait(false);
                await foreach (var (folder, index) in queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                    await CopyFolderGuardedAsync(session, folder, index, folders.Count, ct).ConfigureAwait(false);
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        _bar?.Finish();
        _keyStore?.Dispose();

        _log.Info("Done.");
        _log.Info("Summary");
        lock (_legacySummary)
        {
            _log.Info($"Copied {_legacySummary.Sum(s => s.Copied)} total messages");
            foreach (var (copied, source) in _legacySummary) _log.Info($"   Copied {copied} messages from {source}");
        }
        _log.Info(_summary.TotalsLine());
        if (_o.JsonReport is not null) _summary.WriteJson(_o.JsonReport);
        if (_report is not null) await DeliverReportAsync(main.Current, ct).ConfigureAwait(false);
        return _summary.Failed > 0 || _summary.FailedFolders > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    /// <summary>Web mode: the completion report goes to both INBOXes and, when configured, to the administrator.</summary>
    private async Task DeliverReportAsync(Session s, CancellationToken ct)
    {
        var now = DateTimeOffset.Now;
        foreach (var (account, user, side) in new[] { (s.SourceAccount, _o.Source.User, "source"), (s.DestinationAccount, _o.Destination.User, "destination") })
        {
            try
            {
                using var stream = new MemoryStream(_report!.ToMessage(user, now));
                var message = await MimeKit.MimeMessage.LoadAsync(stream, ct).ConfigureAwait(false);
                await account.Client.Inbox.AppendAsync(new AppendRequest(message, MessageFlags.None, now), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ImapCommandException or ImapProtocolException or IOException)
            {
                _log.Warn($"Could not place the completion report in the {side} INBOX: {e.Message}");
            }
        }
        string file = _o.AdminNotifyFile ?? Path.Combine(AppContext.BaseDirectory, AdminNotification.FileName);
        var admin = AdminNotification.LoadIfPresent(file);
        if (admin is null) return;
        _log.Info("Notify the administrator as well");
        try
        {
            await admin.SendAsync(_o.Source.User, _report!.Body(now.LocalDateTime), _o.Connection.Timeout, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or System.Net.Sockets.SocketException or MailKit.Security.AuthenticationException or TimeoutException)
        {
            _log.Warn($"Could not notify the administrator through {admin.SmtpHost}:{admin.SmtpPort}: {e.Message}");
        }
    }

    private void LogModes()
    {
        if (_o.Update) _log.Info("Running in update mode");
        if (_o.PurgeDestination && _o.Update) _log.Info("Messages on the dest which are not on the source will be purged");
        if (_o.OnlySeen) _log.Info("Only Seen messages will be copied");
        if (_o.HeaderOnly) _log.Info("Only message headers will be copied");
        if (_o.RemoveFromSource) _log.Info("Messages will be removed from the source after they have been copied");
        if (_o.SkipSourceDuplicates) _log.Info("Duplicate msgs on the source will not be copied");
        if (_o.MarkSeen) _log.Info("Copied msgs will be marked on the destinationas as SEEN");
        if (_o.ClientDatesText is not null) _log.Info($"Only those messages matching the date criteria {_o.ClientDatesText} will be copied");
        if (_o.Parallel > 1) _log.Info($"Running in parallel mode, number of children = {_o.Parallel}");
    }

    /// <summary>Two authenticated accounts and the name translator and map that go with them.</summary>
    private sealed class Session : IAsyncDisposable
    {
        public required ImapAccount SourceAccount { get; init; }
        public required ImapAccount DestinationAccount { get; init; }
        public required MailboxNameTranslator Translator { get; init; }
        public MailboxMap? Map { get; init; }
        public ImapClient Source => SourceAccount.Client;
        public ImapClient Destination => DestinationAccount.Client;

        public static async Task<Session> OpenAsync(ImapCopyJob job, CancellationToken ct)
        {
            var o = job._o;
            var source = await ImapAccount.OpenAsync(job._connector, o.Source, "source", o.SourceNamespace, job._log, ct).ConfigureAwait(false);
            ImapAccount destination;
            try { destination = await ImapAccount.OpenAsync(job._connector, o.Destination, "destination", o.DestinationNamespace, job._log, ct).ConfigureAwait(false); }
            catch { await source.DisposeAsync().ConfigureAwait(false); throw; }
            MailboxMap? map = o.MapFile is null ? null : MailboxMap.Load(o.MapFile, source.Namespace.Delimiter, destination.Namespace.Delimiter);
            var translator = new MailboxNameTranslator(source.Namespace, destination.Namespace, map, new NameTranslationOptions(o.Root, o.GmailSource, o.ExcludePatternsGiven));
            return new Session { SourceAccount = source, DestinationAccount = destination, Translator = translator, Map = map };
        }

        public async ValueTask DisposeAsync()
        {
            await SourceAccount.DisposeAsync().ConfigureAwait(false);
            await DestinationAccount.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A session that can be replaced after a lost connection; each worker owns one.</summary>
    private sealed class SessionSlot : IAsyncDisposable
    {
        private readonly ImapCopyJob _job;

        private SessionSlot(ImapCopyJob job, Session session)
        {
            _job = job;
            Current = session;
        }

        public Session Current { get; private set; }

        public static async Task<SessionSlot> OpenAsync(ImapCopyJob job, CancellationToken ct) =>
            new(job, await Session.OpenAsync(job, ct).ConfigureAwait(false));

        public bool IsConnected() => Current.Source.IsConnected && Current.Destination.IsConnected;

        /// <summary>Drops both connections and logs in again.</summary>
        public async Task ReconnectAsync(CancellationToken ct)
        {
            await ImapAccount.CloseQuietlyAsync(Current.SourceAccount, Current.DestinationAccount).ConfigureAwait(false);
            Current = await Session.OpenAsync(_job, ct).ConfigureAwait(false);
            _job._log.Info("Reconnected to the source and the destination");
        }

        public ValueTask DisposeAsync() => Current.DisposeAsync();
    }

    private async Task<List<IMailFolder>> ListSourceFoldersAsync(Session s, CancellationToken ct)
    {
        var all = await s.SourceAccount.ListFoldersAsync(ct).ConfigureAwait(false);
        var byName = all.ToDictionary(f => f.FullName, StringComparer.Ordinal);
        List<IMailFolder> selected;
        if (_o.Include.Count == 0)
        {
            selected = all;
        }
        else
        {
            selected = [];
            foreach (var raw in _o.Include)
            {
                string item = UserName(raw);
                if (_o.IncludeChildren)
                    selected.AddRange(all.Where(f => f.FullName.StartsWith(item, StringComparison.Ordinal)));
                else if (byName.TryGetValue(item, out var f) || (item.Equals("INBOX", StringComparison.OrdinalIgnoreCase) && (f = s.Source.Inbox) is not null))
                    selected.Add(f);
                else
                    _log.Warn($"Source mailbox {raw} does not exist, skipping it");
            }
            selected = selected.DistinctBy(f => f.FullName).ToList();
        }
        var exclude = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in _o.Exclude)
        {
            string item = UserName(raw);
            if (_o.IncludeChildren)
                foreach (var f in all.Where(f => f.FullName.StartsWith(item, StringComparison.Ordinal))) exclude.Add(f.FullName);
            else exclude.Add(item);
        }
        var filter = new MailboxFilter(exclude, _o.ExcludePatterns, _o.IncludeGmailAllMail);
        var result = new List<IMailFolder>();
        foreach (var f in selected)
        {
            if (_o.SourceArchive is not null && f.FullName == UserName(_o.SourceArchive)) continue;
            if (filter.IsExcluded(f.FullName, out string? reason))
            {
                if (reason is not null) _log.Info(reason);
                else _log.Debug($"Excluding {f.FullName}");
                continue;
            }
            result.Add(f);
        }
        if (_o.PrecreateLongestFirst) result = result.OrderByDescending(f => f.FullName.Length).ToList();
        if (_log.IsDebug) foreach (var f in result) _log.Debug($"   {f.FullName}");
        return result;
    }

    /// <summary>Names typed by users may be given already in modified UTF-7 (Caf&amp;AOk-) or in plain Unicode.</summary>
    private static string UserName(string raw) => ModifiedUtf7.LooksEncoded(raw) ? ModifiedUtf7.Decode(raw) : raw;

    private async Task PrepareDestinationAsync(Session s, List<string> folders, CancellationToken ct)
    {
        if (s.Translator.RootMailbox is string root)
            await EnsureFolderAsync(s.DestinationAccount, root, fatal: true, ct).ConfigureAwait(false);
        if (_o.DestinationArchive is not null)
            await EnsureFolderAsync(s.DestinationAccount, UserName(_o.DestinationArchive), fatal: true, ct).ConfigureAwait(false);
        if (_o.SourceArchive is not null)
            await EnsureFolderAsync(s.SourceAccount, UserName(_o.SourceArchive), fatal: true, ct).ConfigureAwait(false);
        if (_o.PrecreateLongestFirst)
            foreach (var f in folders)
                await EnsureFolderAsync(s.DestinationAccount, f, fatal: false, ct).ConfigureAwait(false);
    }

    /// <summary>Creates <paramref name="fullName"/> (and missing parents) unless it exists; when not <paramref name="fatal"/>, a failure is logged and gives null.</summary>
    private async Task<IMailFolder?> EnsureFolderAsync(ImapAccount account, string fullName, bool fatal, CancellationToken ct)
    {
        try
        {
            return await account.EnsureFolderAsync(fullName, ct).ConfigureAwait(false);
        }
        catch (ImapToolsException e) when (!fatal)
        {
            _log.Error(e.Message);
            _report?.AddFolderNotCreated(ModifiedUtf7.Encode(fullName), e.Message);
            return null;
        }
    }

    private async Task CopyFolderGuardedAsync(SessionSlot slot, string folderName, int index, int count, CancellationToken ct)
    {
        var resume = new ResumePoint();
        string shown = ModifiedUtf7.Encode(folderName);
        try
        {
            await _o.Connection.Retry.RunAsync($"copying {shown}", async _ =>
            {
                var s = slot.Current;
                // The listed folder object (with its LIST attributes) belongs to the session that listed it.
                var folder = ReferenceEquals(s, _listingSession) && _listedFolders.TryGetValue(folderName, out var listedFolder)
                    ? listedFolder
                    : await s.Source.GetFolderAsync(folderName, ct).ConfigureAwait(false);
                await CopyFolderAsync(s, folder, index, count, resume, ct).ConfigureAwait(false);
            }, slot.IsConnected, slot.ReconnectAsync, _log, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ImapCommandException or ImapProtocolException or IOException or ImapToolsException or FolderNotFoundException or InvalidOperationException or ServiceNotConnectedException or TimeoutException)
        {
            string text = e is ImapCommandException c ? $"{c.Response} {c.ResponseText}" : e.Message;
            _log.Error($"Error copying {shown}: {text.ReplaceLineEndings(" ")}");
            _summary.Add(new FolderSummary(folderName, "", 0, 0, 0, 0, 0, text));
            if (!slot.IsConnected())
                throw new ImapToolsException($"Lost the connection while copying {shown}: {text}", ExitCodes.Protocol, e);
        }
    }

    /// <summary>Opens <paramref name="source"/> (EXAMINE) and lists it.</summary>
    private static async Task<IReadOnlyList<MessageRecord>> ListAsync(ImapFolderSource source, CancellationToken ct)
    {
        await source.OpenAsync(ct).ConfigureAwait(false);
        return await source.ListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Waits for a listing whose result is no longer needed; its failure is left to the caller's own error.</summary>
    private static async Task ObserveAsync(Task? listing)
    {
        if (listing is null) return;
        try { await listing.ConfigureAwait(false); }
        catch (Exception)
        {
            // Only waited for: the error that made the listing unnecessary is the one reported.
        }
    }

    private async Task CopyFolderAsync(Session s, IMailFolder folder, int index, int count, ResumePoint resume, CancellationToken ct)
    {
        string srcName = ModifiedUtf7.Encode(folder.FullName);
        _log.Debug($"Processing {srcName} ({index}/{count})");
        string dstFull = _o.DestinationArchive is not null ? UserName(_o.DestinationArchive) : s.Translator.Translate(folder.FullName);
        string dstName = ModifiedUtf7.Encode(dstFull);
        bool selectable = !folder.Attributes.HasFlag(FolderAttributes.NoSelect) && !folder.Attributes.HasFlag(FolderAttributes.NonExistent);
        var search = _o.Dates?.ToSearchQuery();
        if (_o.Search is not null) search = search is null ? _o.Search : search.And(_o.Search);
        var source = new ImapFolderSource(folder, new SourceListing
        {
            First = _o.FolderLimit is null ? _o.First : 1,
            Last = _o.FolderLimit ?? _o.Last,
            Search = search,
            HeaderOnly = _o.HeaderOnly,
        }, srcName);
        // The source folder is opened and listed on its own connection while the destination folder is prepared on
        // the other: the round trips of the two overlap (they add up at every folder on a slow link).
        Task<IReadOnlyList<MessageRecord>>? listing = selectable ? ListAsync(source, ct) : null;
        ImapFolderSink sink;
        IMailFolder? dstFolder;
        bool retrying = resume.Started;
        IReadOnlyDictionary<string, List<UniqueId>>? dstKeys = null;
        try
        {
            dstFolder = await EnsureFolderAsync(s.DestinationAccount, dstFull, fatal: false, ct).ConfigureAwait(false);
            if (dstFolder is null)
            {
                await ObserveAsync(listing).ConfigureAwait(false);
                _summary.Add(new FolderSummary(folder.FullName, dstFull, 0, 0, 0, 0, 0, "could not create the destination mailbox"));
                return;
            }
            if (listing is null)
                return;

            sink = new ImapFolderSink(s.Destination, dstFolder, dstName);
            await sink.OpenAsync(ct).ConfigureAwait(false);
            if (_o.InitializeDestination && !resume.Started)
            {
                _log.Info($"Initializing mailbox {dstName}");
                _log.Info($"{dstName} has {dstFolder.Count} messages");
                await sink.DeleteAllAsync(ct).ConfigureAwait(false);
            }
            if (!retrying) resume.Record(dstFolder);
            if (_o.Update)
            {
                dstKeys = await sink.ReadKeysAsync(ct).ConfigureAwait(false);
                _log.Info($"There are {dstFolder.Count} messages in {dstName} on the dest ({dstKeys.Count} with unique Message-IDs)");
            }
        }
        catch
        {
            // Never leave the listing running on the source connection while the caller retries or reports.
            await ObserveAsync(listing).ConfigureAwait(false);
            throw;
        }

        if (_o.Dates is not null) _log.Info($"Searching for messsages {_o.Dates.Describe()}");
        var listed = await listing.ConfigureAwait(false);
        if (!retrying) _log.Info($"There are {(search is null ? source.Count : listed.Count)} messages in {srcName} on the source");
        if (_o.Dates is { Since: not null, Before: not null }) _log.Info($"There are {listed.Count} messages between those dates");
        if (listed.Count == 0)
        {
            if (Environment.GetEnvironmentVariable("HTTP_CONNECTION") is null) _log.Info($"   {srcName} mailbox is empty");
            return;
        }

        var result = new FolderResult { Listed = listed.Count };
        IMessageSink target = sink;
        TeeSink? archive = null;
        if (_o.SourceArchive is not null)
        {
            var archiveFolder = await s.Source.GetFolderAsync(UserName(_o.SourceArchive), ct).ConfigureAwait(false);
            target = archive = new TeeSink(sink, new ImapFolderSink(s.Source, archiveFolder, ModifiedUtf7.Encode(archiveFolder.FullName)));
        }
        var copier = new FolderCopier(BuildPipeline() with { Overlap = archive is null }, this);
        var pending = retrying ? await resume.ResumeAsync(listed, sink, result, ct).ConfigureAwait(false) : listed;
        if (retrying) _log.Info($"   Resuming {srcName}: {result.Copied} messages were already on the destination");
        var selected = await copier.SelectAsync(pending, target, source, result, ct).ConfigureAwait(false);
        if (!retrying)
        {
            _bar?.AddTotal(selected.Count);
            _progress?.AddTotal(selected.Count);
        }
        _progress?.Folder(folder.FullName);
        await copier.CopySelectedAsync(source, target, selected, result, ct).ConfigureAwait(false);
        if (sink.DroppedKeywords.Count > 0)
            _log.Warn($"{dstName}: the destination cannot store the keywords {string.Join(' ', sink.DroppedKeywords)}; they were dropped");

        _log.Info(_log.IsDebug
            ? $"   Copied {result.Copied} messages to {dstName}  on the destination({index}/{count}) "
            : $"   Copied {result.Copied} messages to {dstName} on the destination");
        _report?.AddCopied(result.Copied, $"{dstName} on the destination");
        if (archive is not null)
        {
            _log.Info($"   Copied {archive.SecondaryConfirmed} messages to {ModifiedUtf7.Encode(UserName(_o.SourceArchive!))} mailbox on the source");
            _report?.AddCopied(archive.SecondaryConfirmed, $"{ModifiedUtf7.Encode(UserName(_o.SourceArchive!))} mailbox on the source");
        }

        if (_o.RemoveFromSource && result.Confirmed.Count > 0)
        {
            _log.Info($"Removing messages from {srcName} on source");
            await folder.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
            int purged = await FolderDeletion.DeleteAsync(s.Source, folder, result.Confirmed.Select(r => r.Uid!.Value).ToList(), ct).ConfigureAwait(false);
            _log.Info($"   {purged} message(s) purged from {srcName}");
        }
        if (_o.Update && _o.DeleteSourceDuplicates && dstKeys is not null)
        {
            // -f: the source copies of messages the destination already held (confirmed by their keys) are removed.
            var dupes = listed.Where(r => dstKeys.ContainsKey(r.Key) && r.Uid is not null).Select(r => r.Uid!.Value).ToList();
            if (dupes.Count > 0)
            {
                await folder.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
                int purged = await FolderDeletion.DeleteAsync(s.Source, folder, dupes, ct).ConfigureAwait(false);
                _log.Info($"   {purged} message(s) purged from {srcName}");
            }
        }
        if (_o.Update && _o.PurgeDestination)
            await PurgeDestinationAsync(source, search is null && _o.First == 1 && _o.Last is null && _o.FolderLimit is null ? listed : null, sink, dstName, ct).ConfigureAwait(false);

        _summary.Add(new FolderSummary(folder.FullName, dstFull, result.Listed, result.Copied, result.Skipped, result.Failed, result.Bytes, null));
        lock (_legacySummary) _legacySummary.Add((result.Copied, srcName));
    }

    /// <summary>-s: removes destination messages whose key the whole source folder lacks.</summary>
    // wholeListing: the folder's listing when it already covered every message (no range or search), else null.
    private async Task PurgeDestinationAsync(ImapFolderSource source, IReadOnlyList<MessageRecord>? wholeListing, ImapFolderSink sink, string dstName, CancellationToken ct)
    {
        // Without a full listing, re-list the whole source folder: a failure throws, so an unreadable source never
        // empties the destination (Q14).
        wholeListing ??= await new ImapFolderSource(source.Folder, new SourceListing(), source.Name).ListAsync(ct).ConfigureAwait(false);
        var sourceKeys = wholeListing.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        if (sourceKeys.Count == 0) return;
        var dstKeys = await sink.ReadKeysAsync(ct).ConfigureAwait(false);
        var extra = dstKeys.Where(kv => !sourceKeys.Contains(kv.Key)).SelectMany(kv => kv.Value).ToList();
        if (extra.Count == 0) return;
        int purged = await sink.DeleteAsync(extra, ct).ConfigureAwait(false);
        _log.Info($"   {purged} message(s) purged from {dstName}");
    }

    private PipelineOptions BuildPipeline()
    {
        var filters = new List<MessageFilter>();
        if (_o.ClientDates is not null) filters.Add(r => r.InternalDate is DateTimeOffset d && _o.ClientDates.Matches(d) ? null : "-J");
        if (_o.OnlySeen) filters.Add(r => r.Flags.HasFlag(MessageFlags.Seen) ? null : "-u");
        if (_o.SkipDeleted) filters.Add(r => r.Flags.HasFlag(MessageFlags.Deleted) ? "-P" : null);
        if (_skipList.Keys.Count > 0)
            filters.Add(r =>
            {
                if (!_skipList.Contains(r.Key)) return null;
                _log.Info($"   Skipping {r.Key} because it's in the imapcopy.skip file");
                return "skip file";
            });
        return new PipelineOptions
        {
            Filters = filters,
            UpdateMode = _o.Update,
            SkipSourceDuplicates = _o.SkipSourceDuplicates,
            KeyStore = _keyStore,
            MaxBytes = _o.MaxMegabytes is double mb ? (long)(mb * 1_000_000) : null,
            Limit = _o.FolderLimit,
            Transform = BuildTransform(),
        };
    }

    private Func<MessageContent, MessageContent>? BuildTransform()
    {
        if (!_o.FixLineEndings && !_o.WrapLongLines && !_o.MarkSeen && !_o.ClearDeletedFlag) return null;
        return c =>
        {
            byte[] data = c.Data;
            if (_o.FixLineEndings) data = MessageText.NormalizeLineEndings(data);
            if (_o.WrapLongLines) data = MessageText.WrapLongLines(data, 1000);
            var flags = c.Record.Flags;
            if (_o.MarkSeen) flags |= MessageFlags.Seen;
            if (_o.ClearDeletedFlag) flags &= ~MessageFlags.Deleted;
            var record = flags == c.Record.Flags ? c.Record : CloneWithFlags(c.Record, flags);
            return new MessageContent(record, data);
        };
    }

    private static MessageRecord CloneWithFlags(MessageRecord r, MessageFlags flags) =>
        new(r.Key, flags, r.Keywords, r.InternalDate, r.Size) { Uid = r.Uid, Index = r.Index, Subject = r.Subject };

    void ICopyObserver.Copied(IMessageSource source, MessageRecord record, int copiedSoFar, int total)
    {
        _bar?.Advance(record.Size);
        _progress?.Advance(record.Size);
        if (_o.ProgressEvery is int every && every > 0 && copiedSoFar % every == 0)
            _log.Info($"Copied {copiedSoFar} of {total} messages from {source.Name}");
    }

    void ICopyObserver.Failed(IMessageSource source, MessageRecord record, string reason) =>
        _log.Error($"Failed to copy message {record.Index} ({record.Key}) from {source.Name}: {reason}");

    void ICopyObserver.TooLarge(IMessageSource source, MessageRecord record)
    {
        _log.Info($"   Skipping message {record.Index} because its size ({record.Size}) exceeds the {_o.MaxMegabytes} MB limit");
        _log.Info($"subject {record.Subject}");
        _report?.AddTooLarge(record.Subject, source.Name, record.Size);
    }
}
