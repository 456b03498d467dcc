using System.Security.Cryptography;
using System.Text;
using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Dedupe;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;
using ImapTools.Common.Sync;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace ImapTools.Common.Audit;

/// <summary>Everything one imap_audit run needs (spec imap_audit §2).</summary>
public sealed record ImapAuditOptions
{
    /// <summary>The name shown in <c>&lt;name&gt; starting</c>.</summary>
    public string ProgramName { get; init; } = "imap_audit";
    /// <summary>-S, -D, -u, -E, -F, -Y, -Z.</summary>
    public required AccountPairOptions Accounts { get; init; }
    /// <summary>Timeout and TLS settings.</summary>
    public ConnectionSettings Connection { get; init; } = new(ConnectionSettings.DefaultTimeout, false);
    /// <summary>-m: only these source folders.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];
    /// <summary>-e: not these source folders.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
    /// <summary>-x: source namespace override.</summary>
    public MailboxNamespace? SourceNamespace { get; init; }
    /// <summary>-y: destination namespace override.</summary>
    public MailboxNamespace? DestinationNamespace { get; init; }
    /// <summary>-M: mailbox map file.</summary>
    public string? MapFile { get; init; }
    /// <summary>-n: compare only the message counts per folder.</summary>
    public bool CountOnly { get; init; }
    /// <summary>-A / -B: only source messages with INTERNALDATE in this range.</summary>
    public DateRange? Dates { get; init; }
    /// <summary>-g: always use the synthetic key.</summary>
    public bool AlwaysSynthetic { get; init; }
    /// <summary>-R: show the key after each missing message.</summary>
    public bool ShowKeys { get; init; }
    /// <summary>--content: also compare the SHA-256 of every message present on both sides, and its flags.</summary>
    public bool CompareContent { get; init; }
    /// <summary>-v: connection details.</summary>
    public bool Verbose { get; init; }
}

/// <summary>
/// imap_audit: lists, per source folder, the messages whose key the destination folder lacks (spec imap_audit).
/// Read-only: every folder is EXAMINEd and bodies are read with BODY.PEEK. Each folder is listed with one FETCH of
/// UID, FLAGS, INTERNALDATE, RFC822.SIZE and the key's header fields. With <see cref="ImapAuditOptions.CompareContent"/>
/// the messages present on both sides are also compared by the SHA-256 of the full message and by their flags.
/// </summary>
public sealed class ImapAuditJob
{
    private readonly ImapAuditOptions _o;
    private readonly ToolLog _log;
    private readonly ImapConnector _connector;
    private readonly FetchRequest _request;
    private int _failures;
    private long _missing;
    private long _different;

    /// <summary>Creates the job.</summary>
    public ImapAuditJob(ImapAuditOptions options, ToolLog log)
    {
        _o = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _connector = new ImapConnector(options.Connection, log);
        _request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Size)
        { Headers = new HeaderSet(AuditKey.Fields) };
    }

    /// <summary>
    /// Runs the audit. Exit code: with <see cref="ImapAuditOptions.CompareContent"/> 1 when anything is missing or
    /// different; <see cref="ExitCodes.Partial"/> when an account or folder could not be audited; otherwise 0.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        _log.Info($"{_o.ProgramName} starting");
        // A missing or malformed map file is reported before any server is contacted; the real load needs the delimiters.
        if (_o.MapFile is not null) MailboxMap.Load(_o.MapFile, '/', '/');
        _log.Info("");
        var pairs = AccountPairs.Read(_o.Accounts);
        if (_o.AlwaysSynthetic) _log.Info("Generating dummy message-ids for each message");
        // Not "_failures += await ...": that reads _failures before the await and loses the per-folder failures counted meanwhile.
        int pairFailures = await AccountPairs.ForEachAsync(pairs, pair => AuditUserAsync(pair, ct), _log).ConfigureAwait(false);
        _failures += pairFailures;
        if (_o.CompareContent && (_missing > 0 || _different > 0)) return ExitCodes.Failure;
        return _failures > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private async Task<ImapAccount> ConnectAsync(ConnectionString target, string side, MailboxNamespace? ns, CancellationToken ct)
    {
        var account = await ImapAccount.OpenAsync(_connector, target, side, ns, _log, ct).ConfigureAwait(false);
        if (_o.Verbose) _log.Info($"Connected to {target.Host} on port {target.Port}");
        return account;
    }

    private async Task AuditUserAsync(AccountPair pair, CancellationToken ct)
    {
        _log.Info($"Auditing {pair.Source.User}");
        await using var src = await ConnectAsync(pair.Source, "source", _o.SourceNamespace, ct).ConfigureAwait(false);
        await using var dst = await ConnectAsync(pair.Destination, "destination", _o.DestinationNamespace, ct).ConfigureAwait(false);
        var map = _o.MapFile is null ? null : MailboxMap.Load(_o.MapFile, src.Namespace.Delimiter, dst.Namespace.Delimiter);
        foreach (var (from, to) in map?.Entries ?? [])
            _log.Info($"Mapping src:{ModifiedUtf7.Encode(from)} to dst:{ModifiedUtf7.Encode(to)}");
        var translator = new SyncNameTranslator(src.Namespace, dst.Namespace, map);

        long total = 0, missing = 0, different = 0;
        var countReport = new StringBuilder();
        foreach (var folder in await ListSourceFoldersAsync(src, ct).ConfigureAwait(false))
        {
            string srcName = ModifiedUtf7.Encode(folder.FullName);
            string dstFull = translator.Translate(folder.FullName);
            try
            {
                var dstFolder = await dst.FindFolderAsync(dstFull, ct).ConfigureAwait(false);
                if (_o.CountOnly)
                {
                    await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
                    int dstCount = 0;
                    if (dstFolder is not null)
                    {
                        await dstFolder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
                        dstCount = dstFolder.Count;
                    }
                    total += folder.Count;
                    if (folder.Count > dstCount)
                    {
                        missing += folder.Count - dstCount;
                        countReport.Append($"{srcName}\n   Number of source msgs = {folder.Count}\n   Number of dest msgs   = {dstCount}\n");
                    }
                    continue;
                }
                var (n, m, d) = await AuditFolderAsync(folder, srcName, dstFolder, ModifiedUtf7.Encode(dstFull), ct).ConfigureAwait(false);
                total += n;
                missing += m;
                different += d;
            }
            catch (Exception e) when (e is ImapCommandException or ImapProtocolException or IOException or FolderNotFoundException or InvalidOperationException)
            {
                string text = e is ImapCommandException c ? $"{c.Response} {c.ResponseText}" : e.Message;
                _log.Error($"Unexpected response to SELECT/EXAMINE {srcName} command: {text.ReplaceLineEndings(" ")}");
                _failures++;
                if (!src.Client.IsConnected || !dst.Client.IsConnected)
                    throw new ImapToolsException($"Lost the connection while auditing {srcName}: {text}", ExitCodes.Protocol, e);
            }
        }
        if (_o.CountOnly && countReport.Length > 0) _log.Info(countReport.ToString().TrimEnd('\n'));
        _log.Info($"Total messages    {total}");
        _log.Info($"Missing messages  {missing}");
        if (_o.CompareContent) _log.Info($"Different messages {different}");
        _missing += missing;
        _different += different;
    }

    private async Task<List<IMailFolder>> ListSourceFoldersAsync(ImapAccount src, CancellationToken ct)
    {
        var (folders, _) = await SourceFolderSelection.SelectAsync(src, _o.Include, _o.Exclude, _log, ct).ConfigureAwait(false);
        return folders.Where(f => !f.Attributes.HasFlag(FolderAttributes.NoSelect) && !f.Attributes.HasFlag(FolderAttributes.NonExistent)).ToList();
    }

    /// <summary>Lists one folder (EXAMINE + one FETCH, or SEARCH + one FETCH of the hits).</summary>
    private async Task<List<MessageRecord>> ListAsync(IMailFolder folder, SearchQuery? search, CancellationToken ct)
    {
        if (!folder.IsOpen) await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
        if (folder.Count == 0) return [];
        IList<IMessageSummary> summaries;
        if (search is not null)
        {
            var uids = await folder.SearchAsync(search, ct).ConfigureAwait(false);
            if (uids.Count == 0) return [];
            summaries = await folder.FetchAsync(uids, _request, ct).ConfigureAwait(false);
        }
        else
        {
            summaries = await folder.FetchAsync(0, -1, _request, ct).ConfigureAwait(false);
        }
        return summaries.OrderBy(s => s.Index).Select(s =>
        {
            var headers = s.Headers ?? new MimeKit.HeaderList();
            return new MessageRecord(AuditKey.Compute(headers, _o.AlwaysSynthetic), (s.Flags ?? MessageFlags.None) & SyncFlags.SystemFlags,
                new HashSet<string>(s.Keywords, StringComparer.Ordinal), s.InternalDate, s.Size ?? 0)
            { Uid = s.UniqueId, Index = s.Index + 1, Subject = AuditKey.Subject(headers) };
        }).ToList();
    }

    private async Task<(int Total, int Missing, int Different)> AuditFolderAsync(IMailFolder folder, string srcName, IMailFolder? dstFolder, string dstName, CancellationToken ct)
    {
        _log.Debug($"EXAMINE {srcName}");
        await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
        _log.Debug("Get list of messages on the source");
        var source = await ListAsync(folder, _o.Dates?.ToSearchQuery(), ct).ConfigureAwait(false);
        if (_log.IsDebug) foreach (var r in source) _log.Debug($"   source {r.Key}\t{r.Subject}");
        _log.Debug("Get list of messages on the destination");
        var dest = dstFolder is null ? [] : await ListAsync(dstFolder, null, ct).ConfigureAwait(false);
        if (dstFolder is null) _log.Debug($"unexpected response: NO Mailbox doesn't exist: {dstName}");
        var destKeys = dest.GroupBy(r => r.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        _log.Info($"   There are {source.Count} messages in {srcName} on the source");
        var missing = source.Where(r => !destKeys.ContainsKey(r.Key)).ToList();
        if (missing.Count == 0)
        {
            _log.Info("   There are no missing messages on the destination");
        }
        else
        {
            _log.Info($"   There are {missing.Count} messages missing from {srcName} on the destination");
            foreach (var r in missing)
                _log.Info(_o.ShowKeys ? $"      {r.Subject}   *** {r.Key} " : $"      {r.Subject}");
        }

        int different = 0;
        if (_o.CompareContent && dstFolder is not null)
        {
            var both = source.Where(r => destKeys.ContainsKey(r.Key)).ToList();
            var srcHashes = await HashAsync(folder, srcName, both, ct).ConfigureAwait(false);
            var dstHashes = await HashAsync(dstFolder, dstName, both.Select(r => r.Key).Distinct().SelectMany(k => destKeys[k]).ToList(), ct).ConfigureAwait(false);
            var lines = new List<string>();
            foreach (var r in both)
            {
                var copies = destKeys[r.Key];
                string hash = srcHashes.GetValueOrDefault(r, "");
                var sameContent = copies.Where(c => dstHashes.GetValueOrDefault(c, "?") == hash).ToList();
                if (sameContent.Count == 0)
                    lines.Add($"      {r.Subject}   (content differs)");
                else if (!sameContent.Any(c => SyncFlags.Equal(r.Flags, r.Keywords, c.Flags, c.Keywords)))
                    lines.Add($"      {r.Subject}   (flags differ: source ({SyncFlags.Format(r.Flags, r.Keywords)}) destination ({SyncFlags.Format(sameContent[0].Flags, sameContent[0].Keywords)}))");
            }
            different = lines.Count;
            if (different == 0) _log.Info("   There are no different messages on the destination");
            else
            {
                _log.Info($"   There are {different} messages different in {srcName} on the destination");
                foreach (var line in lines) _log.Info(line);
            }
        }
        return (source.Count, missing.Count, different);
    }

    /// <summary>SHA-256 of the full bytes of each record, read in batches with BODY.PEEK[].</summary>
    private static async Task<Dictionary<MessageRecord, string>> HashAsync(IMailFolder folder, string name, IReadOnlyList<MessageRecord> records, CancellationToken ct)
    {
        var result = new Dictionary<MessageRecord, string>();
        var reader = new ImapFolderSource(folder, new SourceListing(), name);
        foreach (var batch in records.Chunk(50))
            foreach (var content in await reader.ReadAsync(batch, ct).ConfigureAwait(false))
                result[content.Record] = Convert.ToHexStringLower(SHA256.HashData(content.Data));
        return result;
    }
}
