using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Dedupe;
using ImapTools.Common.Logging;
using ImapTools.Common.Reporting;
using MailKit;
using MailKit.Net.Pop3;
using MimeKit;
using MimeKit.Utils;

namespace ImapTools.Common.Jobs;

/// <summary>One account to move: a POP3 mailbox and the IMAP account it goes to.</summary>
/// <param name="Pop">POP3 host, port, user and password.</param>
/// <param name="Imap">IMAP host, port, user and credentials (admin form when <c>-A</c> is used).</param>
public sealed record Pop3Account(ConnectionString Pop, ConnectionString Imap);

/// <summary>What pop3toimap does (spec pop3toimap).</summary>
public sealed record Pop3ImportOptions
{
    /// <summary>The accounts, in users-file order.</summary>
    public required IReadOnlyList<Pop3Account> Accounts { get; init; }

    /// <summary>Timeout and TLS rules for every connection.</summary>
    public required ConnectionSettings Connection { get; init; }

    /// <summary>The destination mailbox with <c>/</c> as hierarchy (<c>-m</c>); INBOX by default.</summary>
    public string Mailbox { get; init; } = "INBOX";

    /// <summary>Delete each POP3 message after the IMAP server confirmed its APPEND (<c>-r</c>).</summary>
    public bool DeleteFromPop { get; init; }

    /// <summary>Only POP message numbers in this inclusive range (<c>-R lower-upper</c>).</summary>
    public (int Lower, int Upper)? Range { get; init; }
}

/// <summary>The totals of a run.</summary>
/// <param name="UsersMigrated">Users whose IMAP login succeeded.</param>
/// <param name="Messages">Messages the IMAP server confirmed.</param>
/// <param name="Bytes">Their bytes.</param>
/// <param name="Skipped">Messages already in the destination mailbox (an earlier run copied them).</param>
/// <param name="FailedMessages">Messages the IMAP server refused.</param>
/// <param name="FailedUsers">Users that could not be connected or logged in on either side.</param>
public sealed record Pop3ImportResult(int UsersMigrated, long Messages, long Bytes, int Skipped, int FailedMessages, int FailedUsers)
{
    /// <summary>The legacy summary text.</summary>
    public string Summary => MigrationSummary.Text(UsersMigrated, Messages, Bytes);
}

/// <summary>
/// Copies POP3 mailboxes into IMAP: each message keeps its bytes; its Date: header (else the newest Received:
/// time stamp, else the server's time) becomes the INTERNALDATE; <c>Status: R…</c> in the header sets \Seen.
/// Messages whose key (<see cref="MessageKey"/>, computed from the POP3 TOP header) is already in the destination
/// mailbox are not copied again. With <see cref="Pop3ImportOptions.DeleteFromPop"/> a message is marked for
/// deletion only after the IMAP server confirmed it (or it was already there); deletions take effect at QUIT.
/// </summary>
public sealed class Pop3ImportJob
{
    private readonly Pop3ImportOptions _options;
    private readonly ToolLog _log;

    /// <summary>Creates the job.</summary>
    public Pop3ImportJob(Pop3ImportOptions options, ToolLog log)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>Runs every account; one failing account never stops the others.</summary>
    public async Task<Pop3ImportResult> RunAsync(CancellationToken ct)
    {
        var pop = new Pop3Connector(_options.Connection, _log);
        var imap = new ImapConnector(_options.Connection, _log);
        int users = 0, skipped = 0, failedMessages = 0, failedUsers = 0;
        long messages = 0, bytes = 0;
        if (_options.Range is { } range)
            _log.Info($"Migrating POP message numbers between {range.Lower} and {range.Upper}");
        foreach (var account in _options.Accounts)
        {
            ct.ThrowIfCancellationRequested();
            Pop3Client popClient;
            try
            {
                popClient = await pop.ConnectAsync(account.Pop, ct).ConfigureAwait(false);
                _log.Info($"Connected to {account.Pop.Host} on port {account.Pop.Port}");
            }
            catch (ImapToolsException e)
            {
                _log.Error(e.Message);
                failedUsers++;
                continue;
            }
            using (popClient)
            {
                ImapAccount target;
                try
                {
                    target = await ImapAccount.OpenAsync(imap, account.Imap, "IMAP", null, _log, ct).ConfigureAwait(false);
                    _log.Info($"Connected to {account.Imap.Host} on port {account.Imap.Port}");
                }
                catch (ImapToolsException e)
                {
                    _log.Error(e.ExitCode == ExitCodes.Authentication
                        ? $"Error logging into the IMAP server as {account.Imap.User}: {ImapConnector.LoginFailureText(e)}"
                        : e.Message);
                    failedUsers++;
                    await QuitAsync(popClient, ct).ConfigureAwait(false);
                    continue;
                }
                await using (target.ConfigureAwait(false))
                {
                    users++;
                    var counts = await MigrateAsync(account, popClient, target, ct).ConfigureAwait(false);
                    messages += counts.Copied;
                    bytes += counts.Bytes;
                    skipped += counts.Skipped;
                    failedMessages += counts.Failed;
                }
                await QuitAsync(popClient, ct).ConfigureAwait(false);
            }
        }
        var result = new Pop3ImportResult(users, messages, bytes, skipped, failedMessages, failedUsers);
        _log.Info(result.Summary);
        return result;
    }

    private async Task<(int Copied, long Bytes, int Skipped, int Failed)> MigrateAsync(Pop3Account account, Pop3Client pop, ImapAccount target, CancellationToken ct)
    {
        string mailbox = TargetName(target);
        var folder = await target.EnsureFolderAsync(mailbox, ct).ConfigureAwait(false);
        var sink = new ImapFolderSink(target.Client, folder, folder.FullName);
        await sink.OpenAsync(ct).ConfigureAwait(false);
        var existing = await sink.ExistingKeysAsync(ct).ConfigureAwait(false);

        int count = await pop.GetMessageCountAsync(ct).ConfigureAwait(false);
        _log.Info($"Migrating {account.Pop.User} on {account.Pop.Host} to {account.Imap.User} on {account.Imap.Host} ({count} messages)");
        int copied = 0, skipped = 0, failed = 0;
        long bytes = 0;
        for (int number = 1; number <= count; number++)
        {
            ct.ThrowIfCancellationRequested();
            if (_options.Range is { } r && (number < r.Lower || number > r.Upper)) continue;
            var headers = await pop.GetMessageHeadersAsync(number - 1, ct).ConfigureAwait(false);
            string key = MessageKey.Compute(headers);
            if (existing.Contains(key))
            {
                _log.Debug($"POP message {number} is already in {mailbox}: not copied again");
                skipped++;
                if (_options.DeleteFromPop) await pop.DeleteMessageAsync(number - 1, ct).ConfigureAwait(false);
                continue;
            }
            byte[] data;
            using (var stream = await pop.GetStreamAsync(number - 1, false, ct).ConfigureAwait(false))
            using (var buffer = new MemoryStream())
            {
                await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
                data = buffer.ToArray();
            }
            if (data.Length == 0) continue;
            var record = new MessageRecord(key, SeenFlag(headers), new HashSet<string>(), InternalDate(headers), data.Length) { Index = number };
            var confirmed = await sink.WriteAsync([new MessageContent(record, data)], ct).ConfigureAwait(false);
            if (!confirmed[0])
            {
                _log.Error($"unexpected APPEND response: POP message {number} of {account.Pop.User} was refused by {mailbox}; it stays on the POP server");
                failed++;
                continue;
            }
            copied++;
            bytes += data.Length;
            if (copied % 100 == 0) _log.Info($"{copied} messages migrated");
            if (_options.DeleteFromPop) await pop.DeleteMessageAsync(number - 1, ct).ConfigureAwait(false);
        }
        if (skipped > 0) _log.Info($"{skipped} messages were already in {mailbox} and were not copied again");
        return (copied, bytes, skipped, failed);
    }

    /// <summary>The destination mailbox for this account: INBOX as is; else prefix + name with the server's delimiter, never a doubled prefix.</summary>
    private string TargetName(ImapAccount target)
    {
        string name = _options.Mailbox;
        if (name.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return "INBOX";
        string prefix = target.Namespace.Prefix;
        string server = name.Replace('/', target.Namespace.Delimiter);
        if (prefix.Length > 0 && (server.StartsWith(prefix, StringComparison.Ordinal) || name.StartsWith(prefix.TrimEnd(target.Namespace.Delimiter) + "/", StringComparison.Ordinal)))
            return server;
        return prefix + server;
    }

    /// <summary>\Seen when the header has <c>Status:</c> starting with R (read), as the POP3 server's mbox wrote it.</summary>
    public static MessageFlags SeenFlag(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers["Status"]?.TrimStart() is { Length: > 0 } status && status[0] is 'R' or 'r' ? MessageFlags.Seen : MessageFlags.None;
    }

    /// <summary>The Date: header; else the time stamp of the newest (first) Received: header; else null (the IMAP server's time).</summary>
    public static DateTimeOffset? InternalDate(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers[HeaderId.Date] is string date && DateUtils.TryParse(date, out var parsed)) return parsed;
        if (headers[HeaderId.Received] is string received)
        {
            int semicolon = received.LastIndexOf(';');
            if (semicolon >= 0 && DateUtils.TryParse(received[(semicolon + 1)..].Trim(), out var stamp)) return stamp;
        }
        return null;
    }

    private async Task QuitAsync(Pop3Client pop, CancellationToken ct)
    {
        try { await pop.DisconnectAsync(true, ct).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or Pop3ProtocolException or Pop3CommandException)
        {
            _log.Error($"unexpected POP QUIT response: {e.Message}");
        }
    }
}
