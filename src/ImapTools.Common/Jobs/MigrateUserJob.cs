using System.Security.Cryptography;
using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Reporting;
using ImapTools.Common.Selection;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Jobs;

/// <summary>What happened to one user of a migration.</summary>
/// <param name="Messages">Messages the destination confirmed.</param>
/// <param name="Bytes">Bytes of those messages.</param>
/// <param name="FailedMessages">Messages that could not be read or were refused.</param>
/// <param name="FailedFolders">Mailboxes that could not be created or processed.</param>
/// <param name="Error">Why the user could not be migrated at all (login, connection), or null.</param>
public sealed record MigrationUserResult(int Messages, long Bytes, int FailedMessages, int FailedFolders, string? Error)
{
    /// <summary>True when everything of this user was migrated.</summary>
    public bool Succeeded => Error is null && FailedMessages == 0 && FailedFolders == 0;

    /// <summary>The reason recorded for a user that did not succeed.</summary>
    public string? Reason => Error ?? (Succeeded ? null : $"{FailedMessages} messages and {FailedFolders} mailboxes could not be copied");
}

/// <summary>
/// Migrates one user of a migrateIMAP users file: logs in on both sides, lists and translates the mailboxes
/// (<see cref="MigrateMailboxNameTranslator"/>) and copies each with the imapcopy engine (<see cref="FolderCopier"/>
/// over <see cref="ImapFolderSource"/> and <see cref="ImapFolderSink"/>), writing the legacy per-user lines.
/// </summary>
public sealed class MigrateUserJob : ICopyObserver
{
    private readonly MigrateOptions _o;
    private readonly ToolLog _log;
    private readonly ImapConnector _connector;
    private readonly MigrationUser _user;
    private readonly bool _update;

    /// <summary>Creates the job for one user.</summary>
    /// <param name="options">The run's options.</param>
    /// <param name="user">The users-file line.</param>
    /// <param name="connector">The run's connector.</param>
    /// <param name="log">The run's log.</param>
    /// <param name="forceUpdate">Use update mode even without -U (a retry after an interrupted or failed run, so nothing is copied twice).</param>
    public MigrateUserJob(MigrateOptions options, MigrationUser user, ImapConnector connector, ToolLog log, bool forceUpdate = false)
    {
        _o = options;
        _user = user;
        _connector = connector;
        _log = log;
        _update = options.Update || forceUpdate;
    }

    /// <summary>Migrates the user. Errors of this user are returned (and logged with the user's name), never thrown, except cancellation.</summary>
    public async Task<MigrationUserResult> RunAsync(CancellationToken ct)
    {
        _log.Info($"Starting migration of {_user.SourceUser}");
        _log.Debug($"   sourceUser      {_user.SourceUser}");
        _log.Debug($"   destUser        {_user.DestinationUser}");
        ImapAccount? source = null, destination = null;
        int messages = 0, failedMessages = 0, failedFolders = 0;
        long bytes = 0;
        try
        {
            source = await OpenAsync(_o.Source, _user.SourceUser, _user.SourcePassword, "source", _o.SourceNamespace, ct).ConfigureAwait(false);
            destination = await OpenAsync(_o.Destination, _user.DestinationUser, _user.DestinationPassword, "destination", _o.DestinationNamespace, ct).ConfigureAwait(false);

            MailboxMap? map = _o.MapFile is null ? null : MailboxMap.Load(_o.MapFile, source.Namespace.Delimiter, destination.Namespace.Delimiter);
            foreach (var (from, to) in map?.Entries ?? [])
                _log.Info($"Mapping src:{ModifiedUtf7.Encode(from)} to dst:{ModifiedUtf7.Encode(to)}");
            var translator = new MigrateMailboxNameTranslator(source.Namespace, destination.Namespace, map, _o.Root);

            var folders = await ListSourceFoldersAsync(source, ct).ConfigureAwait(false);
            int width = folders.Count == 0 ? 2 : folders.Max(f => ModifiedUtf7.Encode(f.FullName).Length) + 2;
            int generation = 0;
            bool Connected() => source.Client.IsConnected && destination.Client.IsConnected;
            async Task ReconnectAsync(CancellationToken token)
            {
                await ImapAccount.CloseQuietlyAsync(source, destination).ConfigureAwait(false);
                source = null;
                destination = null;
                source = await OpenAsync(_o.Source, _user.SourceUser, _user.SourcePassword, "source", _o.SourceNamespace, token).ConfigureAwait(false);
                destination = await OpenAsync(_o.Destination, _user.DestinationUser, _user.DestinationPassword, "destination", _o.DestinationNamespace, token).ConfigureAwait(false);
                generation++;
            }
            foreach (var listedFolder in folders)
            {
                ct.ThrowIfCancellationRequested();
                var resume = new ResumePoint();
                FolderOutcome r = new(0, 0, 0, true);
                try
                {
                    // A lost connection is retried: both sides log in again and the folder resumes where it was.
                    await _o.Connection.Retry.RunAsync($"migrating {ModifiedUtf7.Encode(listedFolder.FullName)} of {_user.SourceUser}", async _ =>
                    {
                        var folder = generation == 0 ? listedFolder : await source!.Client.GetFolderAsync(listedFolder.FullName, ct).ConfigureAwait(false);
                        r = await CopyFolderGuardedAsync(source!, destination!, translator, folder, width, resume, ct).ConfigureAwait(false);
                    }, Connected, ReconnectAsync, _log, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ImapProtocolException or IOException or ServiceNotConnectedException or TimeoutException or System.Net.Sockets.SocketException)
                {
                    throw new ImapToolsException($"Lost the connection while migrating {ModifiedUtf7.Encode(listedFolder.FullName)}: {OneLine(e.Message)}", ExitCodes.Protocol, e);
                }
                messages += r.Copied;
                bytes += r.Bytes;
                failedMessages += r.Failed;
                if (r.FolderFailed) failedFolders++;
            }
            _log.Info($"    Copied {messages} messages {ByteUnits.ByDigits(bytes)}");
            _log.Info($"   {_user.SourceUser} is done");
            return new MigrationUserResult(messages, bytes, failedMessages, failedFolders, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is ImapToolsException or ImapCommandException or ImapProtocolException or IOException
                                      or ServiceNotConnectedException or ServiceNotAuthenticatedException or OperationCanceledException or InvalidOperationException
                                      or MailKit.Security.AuthenticationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            string reason = Redact(OneLine(e is ImapCommandException c ? $"{c.Response} {c.ResponseText}" : e.Message));
            bool noPassword = reason.StartsWith("Password not found", StringComparison.Ordinal);
            _log.Error(noPassword ? reason
                : e is ImapToolsException { ExitCode: ExitCodes.Authentication } ? $"{_user.SourceUser} login failed: {reason}"
                : $"Error migrating {_user.SourceUser}: {reason}");
            return new MigrationUserResult(messages, bytes, failedMessages, failedFolders, reason);
        }
        finally
        {
            if (destination is not null) await destination.DisposeAsync().ConfigureAwait(false);
            if (source is not null) await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<ImapAccount> OpenAsync(MigrationLogin login, string user, string password, string side, MailboxNamespace? ns, CancellationToken ct)
    {
        var target = login.For(user, password, out string? method);
        if (target.AdminUser is not null && target.AdminUser != user)
        {
            if (side == "source") _log.Debug("Doing AUTH PLAIN to the source");
            else _log.Info("Doing AUTH PLAIN to the dest");
        }
        else if (login.ForcePlain)
        {
            _log.Info(side == "source" ? "Do a PLAIN login on the source" : "Do a PLAIN login on the dest");
        }
        var account = await ImapAccount.OpenAsync(_connector, target, side, ns, _log, ct).ConfigureAwait(false);
        _log.Info($"Connected to {login.Host} on port {login.Port}");
        if (method == "ORDINARY login") _log.Info(method);
        return account;
    }

    private async Task<List<IMailFolder>> ListSourceFoldersAsync(ImapAccount source, CancellationToken ct)
    {
        List<IMailFolder> candidates;
        if (_o.Include.Count > 0)
        {
            candidates = [];
            foreach (string raw in _o.Include)
            {
                if (await source.FindFolderAsync(ModifiedUtf7.DecodeIfEncoded(raw), ct).ConfigureAwait(false) is { } f) candidates.Add(f);
                else _log.Warn($"Source mailbox {raw} does not exist, skipping it");
            }
            return candidates.DistinctBy(f => f.FullName).ToList();
        }
        candidates = await source.ListFoldersAsync(ct).ConfigureAwait(false);
        var filter = new MailboxFilter(_o.Exclude.Select(ModifiedUtf7.DecodeIfEncoded), _o.ExcludePatterns, includeGmailAllMail: false);
        var result = new List<IMailFolder>();
        foreach (var f in candidates)
        {
            string name = f.FullName;
            if ((name.StartsWith('#') && _user.SourceUser != "anonymous") || name.StartsWith('.')) continue;
            if (filter.IsExcluded(name, out string? reason))
            {
                if (reason is not null) _log.Info(reason);
                else _log.Debug($"Excluding {ModifiedUtf7.Encode(name)}");
                continue;
            }
            result.Add(f);
        }
        return result;
    }

    private sealed record FolderOutcome(int Copied, long Bytes, int Failed, bool FolderFailed);

    private async Task<FolderOutcome> CopyFolderGuardedAsync(ImapAccount source, ImapAccount destination, MigrateMailboxNameTranslator translator,
        IMailFolder folder, int width, ResumePoint resume, CancellationToken ct)
    {
        try
        {
            return await CopyFolderAsync(source, destination, translator, folder, width, resume, ct).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is ImapCommandException or ImapToolsException or FolderNotFoundException
                                      || (e is ImapProtocolException or IOException && source.Client.IsConnected && destination.Client.IsConnected))
                                  && ServerFault.ThrottleDelay(e) is null && source.Client.IsConnected && destination.Client.IsConnected)
        {
            string text = e is ImapCommandException c ? $"{c.Response} {c.ResponseText}" : e.Message;
            _log.Error($"Error migrating {ModifiedUtf7.Encode(folder.FullName)} of {_user.SourceUser}: {Redact(OneLine(text))}");
            return new FolderOutcome(0, 0, 0, true);
        }
    }

    private async Task<FolderOutcome> CopyFolderAsync(ImapAccount src, ImapAccount dst, MigrateMailboxNameTranslator translator,
        IMailFolder folder, int width, ResumePoint resume, CancellationToken ct)
    {
        string srcName = ModifiedUtf7.Encode(folder.FullName);
        string dstFull = translator.Translate(folder.FullName);
        string dstName = ModifiedUtf7.Encode(dstFull);
        _log.Debug($"src mbx    {srcName}");
        _log.Debug($"dst mbx    {dstName}");
        // A CREATE failure is reported and the folder counted as failed (the original ignored it and hung on APPEND, Q3).
        var dstFolder = await dst.EnsureFolderAsync(dstFull, ct).ConfigureAwait(false);
        if (folder.Attributes.HasFlag(FolderAttributes.NoSelect) || folder.Attributes.HasFlag(FolderAttributes.NonExistent))
            return new FolderOutcome(0, 0, 0, false);

        var sink = new ImapFolderSink(dst.Client, dstFolder, dstName);
        await sink.OpenAsync(ct).ConfigureAwait(false);
        bool retrying = resume.Started;
        if (!retrying) resume.Record(dstFolder);
        var search = _o.Dates?.ToSearchQuery();
        if (_o.Dates is not null) _log.Info($"Searching for messsages {_o.Dates.Describe()}");
        var source = new ImapFolderSource(folder, new SourceListing
        {
            First = _o.First,
            Last = _o.Last,
            Search = search,
        }, srcName);
        var listed = await source.ListAsync(ct).ConfigureAwait(false);
        if (listed.Count > 0 && !retrying)
            _log.Info($"{_user.SourceUser}: There are {listed.Count} messages in the {srcName} folder to be migrated");

        var result = new FolderResult { Listed = listed.Count };
        IMessageSink target = sink;
        // A retry after a lost connection: what landed before the loss counts as copied (with -H the content keys find it).
        IReadOnlyList<MessageRecord> candidates = retrying && !_o.ContentKeys ? await resume.ResumeAsync(listed, sink, result, ct).ConfigureAwait(false) : listed;
        if (_update && _o.ContentKeys && listed.Count > 0)
        {
            // -H: both sides are keyed by the MD5 of the full message.
            candidates = await ContentKeys.RekeyAsync(source, candidates, ct).ConfigureAwait(false);
            target = new ContentKeyedSink(sink);
        }
        IReadOnlySet<string> existing = _update ? await target.ExistingKeysAsync(ct).ConfigureAwait(false) : new HashSet<string>();
        var copier = new FolderCopier(BuildPipeline(), this);
        var selected = await copier.SelectAsync(candidates, target, source, result, ct).ConfigureAwait(false);
        await copier.CopySelectedAsync(source, target, selected, result, ct).ConfigureAwait(false);

        if (_o.RemoveFromSource)
        {
            var remove = result.Confirmed.Concat(candidates.Where(r => existing.Contains(r.Key)))
                .Where(r => r.Uid is not null).Select(r => r.Uid!.Value).Distinct().ToList();
            if (remove.Count > 0)
            {
                _log.Info($"    Expunging source mbx {srcName}");
                await folder.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
                int purged = await FolderDeletion.DeleteAsync(src.Client, folder, remove, ct).ConfigureAwait(false);
                _log.Info($"    {purged} messages purged from {srcName}");
            }
        }
        _log.Info($"    Copied {PerlFormat.PackA(srcName, width)}             {PerlFormat.PackA($"({result.Copied} messages)", 18)}");
        if (_update && _o.PurgeDestination)
            await PurgeDestinationAsync(folder, sink, dstName, ct).ConfigureAwait(false);
        return new FolderOutcome(result.Copied, result.Bytes, result.Failed, false);
    }

    /// <summary>-X: removes destination messages whose Message-ID key the whole source folder lacks (never when the source is empty).</summary>
    private async Task PurgeDestinationAsync(IMailFolder folder, ImapFolderSink sink, string dstName, CancellationToken ct)
    {
        var all = await new ImapFolderSource(folder, new SourceListing(), folder.FullName).ListAsync(ct).ConfigureAwait(false);
        var keep = all.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        if (keep.Count == 0) return;
        var extra = (await sink.ReadKeysAsync(ct).ConfigureAwait(false))
            .Where(kv => !keep.Contains(kv.Key)).SelectMany(kv => kv.Value).ToList();
        if (extra.Count == 0) return;
        int purged = await sink.DeleteAsync(extra, ct).ConfigureAwait(false);
        _log.Info($"    {purged} messages purged from {dstName}");
    }

    private PipelineOptions BuildPipeline()
    {
        var filters = new List<MessageFilter>();
        if (_o.OnlyUnseen) filters.Add(r => r.Flags.HasFlag(MessageFlags.Seen) ? "-u" : null);
        else if (_o.OnlySeen) filters.Add(r => r.Flags.HasFlag(MessageFlags.Seen) ? null : "-o");
        if (_o.ExactSize is long size)
            filters.Add(r =>
            {
                bool copy = r.Size == size;
                _log.Info(copy ? $"COPYING MSGNUM {r.Index} TO THE DESTINATION" : $"SKIPPING MSGNUM {r.Index}");
                return copy ? null : "-Z";
            });
        return new PipelineOptions
        {
            Filters = filters,
            UpdateMode = _update,
            MaxBytes = _o.MaxMegabytes is double mb ? (long)(mb * 1_000_000) : null,
            Limit = _o.FolderLimit,
            Transform = _o.WrapLongLines ? c => c with { Data = MessageText.WrapLongLines(c.Data, 1000) } : null,
        };
    }

    private string Redact(string text)
    {
        foreach (string? secret in new[] { _user.SourcePassword, _user.DestinationPassword, _o.Source.AdminPassword, _o.Destination.AdminPassword })
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 3) text = text.Replace(secret, "********", StringComparison.Ordinal);
        return text;
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    void ICopyObserver.Copied(IMessageSource source, MessageRecord record, int copiedSoFar, int total) { }

    void ICopyObserver.Failed(IMessageSource source, MessageRecord record, string reason) =>
        _log.Error($"{_user.SourceUser}: failed to copy message {record.Index} ({record.Key}) from {source.Name}: {reason}");

    void ICopyObserver.TooLarge(IMessageSource source, MessageRecord record) =>
        _log.Info($"Skipping msgnum {record.Index} ({PerlFormat.Number(record.Size / 1e6)} MB) because it exceeds max size {PerlFormat.Number(_o.MaxMegabytes ?? 0)} MB");
}

/// <summary>-H keys: the lower-case hex MD5 of a message's full bytes.</summary>
internal static class ContentKeys
{
    public static string Of(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));

    /// <summary>Reads the listed messages in batches and returns records keyed by their content hash.</summary>
    public static async Task<IReadOnlyList<MessageRecord>> RekeyAsync(IMessageSource source, IReadOnlyList<MessageRecord> listed, CancellationToken ct)
    {
        var result = new List<MessageRecord>(listed.Count);
        foreach (var batch in listed.Chunk(50))
            foreach (var c in await source.ReadAsync(batch, ct).ConfigureAwait(false))
            {
                var r = c.Record;
                result.Add(new MessageRecord(Of(c.Data), r.Flags, r.Keywords, r.InternalDate, r.Size) { Uid = r.Uid, Index = r.Index, Subject = r.Subject });
            }
        return result;
    }
}

/// <summary>An IMAP sink whose existing keys are the content hashes of the destination folder's messages (-H).</summary>
internal sealed class ContentKeyedSink(ImapFolderSink inner) : IMessageSink, IRefusalReasons
{
    public string? RefusalReason(MessageRecord record) => inner.RefusalReason(record);

    private IReadOnlySet<string>? _keys;

    public string Name => inner.Name;

    public async Task<IReadOnlySet<string>> ExistingKeysAsync(CancellationToken ct)
    {
        if (_keys is not null) return _keys;
        var reader = new ImapFolderSource(inner.Folder, new SourceListing(), inner.Name);
        var listed = await reader.ListAsync(ct).ConfigureAwait(false);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in await ContentKeys.RekeyAsync(reader, listed, ct).ConfigureAwait(false)) keys.Add(r.Key);
        return _keys = keys;
    }

    public Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<MessageContent> batch, CancellationToken ct) => inner.WriteAsync(batch, ct);
}
