using System.Text.RegularExpressions;
using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Copy.Imap;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Selection;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace ImapTools.Common.Rules;

/// <summary>
/// The imapfilter engine (spec imapfilter §4): for each user, expands <c>*</c> rules over that user's mailboxes,
/// selects each rule's messages (server SEARCH first, client-side checks on headers fetched in batches), lets one rule
/// act on each message (the last matching one, or the first with -f; copy rules always act), then copies and moves
/// exactly those messages. With -t it only reports.
/// </summary>
public sealed class ImapFilterJob
{
    private readonly ImapFilterOptions _o;
    private readonly ToolLog _log;
    private readonly ImapConnector _connector;
    private readonly Dictionary<RemoteServer, ImapAccount> _remotes = new();
    private int _problems;

    /// <summary>Creates the job.</summary>
    public ImapFilterJob(ImapFilterOptions options, ToolLog log)
    {
        _o = options;
        _log = log;
        _connector = new ImapConnector(options.Connection, log);
    }

    /// <summary>Runs every user; returns the exit code (0, or <see cref="ExitCodes.Partial"/> / the login code when something was left undone).</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        _log.Info($"{_o.ProgramName} starting");
        if (_o.TestMode) _log.Info("Running in test mode, no messages will actually be moved");
        if (_o.Server?.Method == LoginMethod.CramMd5) _log.Info("Using CRAM-MD5 login method");
        Regex? globalFilter = null;
        if (_o.GlobalFilter is not null)
        {
            try { globalFilter = new Regex("^(?:" + PerlRegex.Translate(_o.GlobalFilter) + ")", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
            catch (ArgumentException e) { throw new ImapToolsException($"Invalid regular expression '{_o.GlobalFilter}' in -T: {e.Message}", ExitCodes.Usage, e); }
        }
        var users = ReadUsers();
        _log.Info($"Processing messages in batches of {_o.BatchSize}");
        var ruleSet = RulesFile.Read(_o.RulesFile, _o.Now);
        var server = _o.Server is { Host.Length: > 0 } s ? s : ruleSet.LocalServer
            ?? throw new ImapToolsException("No IMAP server: give -S host[:port]/user/password or a LocalServer: line in the rules file", ExitCodes.Usage);
        if (_o.Server is null && _o.UsersFile is null && ruleSet.LocalServer is not null)
            users = [(ruleSet.LocalServer.User, ruleSet.LocalServer.Password)];
        if (_o.GlobalFilter is not null && ruleSet.Rules.Any(r => r.IsGlobal))
            _log.Info($"Applying the rule to {_o.GlobalFilter} and its subfolders");

        int failedLogins = 0, lastLoginCode = 0;
        try
        {
            foreach (var (user, password) in users)
            {
                ct.ThrowIfCancellationRequested();
                _log.Info(user);
                if (user.Length == 0 || (_o.AdminUser is null && password.Length == 0))
                {
                    _log.Error("You must supply both user and password in the users file (user:pwd)");
                    failedLogins++;
                    lastLoginCode = ExitCodes.Usage;
                    continue;
                }
                var target = new ConnectionString(server.Host, server.Port, user,
                    _o.AdminUser is null ? password : _o.AdminPassword ?? "", server.Method, _o.AdminUser);
                _log.Info($"Connecting to host {server.Host} port {server.Port}");
                ImapAccount account;
                try
                {
                    account = await ImapAccount.OpenAsync(_connector, target, "", null, _log, ct).ConfigureAwait(false);
                }
                catch (ImapToolsException e) when (e.ExitCode == ExitCodes.Authentication && _o.AdminUser is null)
                {
                    _log.Error(e.Message);
                    failedLogins++;
                    lastLoginCode = e.ExitCode;
                    continue;
                }
                await using (account.ConfigureAwait(false))
                {
                    int total = await FilterUserAsync(account, ruleSet.Rules, globalFilter, ct).ConfigureAwait(false);
                    await ExpungeTrashAsync(account, ct).ConfigureAwait(false);
                    _log.Info(_o.TestMode ? $"Would have moved {total} messages" : $"{total} total messages moved");
                    _log.Info("Done");
                }
            }
        }
        finally
        {
            foreach (var remote in _remotes.Values)
                await remote.DisposeAsync().ConfigureAwait(false);
        }
        if (failedLogins > 0)
            return users.Count == 1 ? lastLoginCode : ExitCodes.Partial;
        return _problems > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    private List<(string User, string Password)> ReadUsers()
    {
        if (_o.UsersFile is not null)
            return UsersFile.Read(_o.UsersFile, UsersFileFormat.UserPassword(passwordOptional: _o.AdminUser is not null))
                .Select(e => (e[0], e[1])).ToList();
        return [(_o.Server?.User ?? "", _o.Server?.Password ?? "")];
    }

    /// <summary>Applies the rules to one account; returns the number of messages moved/copied (or that would be).</summary>
    private async Task<int> FilterUserAsync(ImapAccount account, IReadOnlyList<FilterRule> fileRules, Regex? globalFilter, CancellationToken ct)
    {
        var rules = await ExpandAsync(account, fileRules, globalFilter, ct).ConfigureAwait(false);
        foreach (var rule in rules) _log.Info($"rule {rule.Text}");
        _log.Info("Checking for filter matches");

        // The mailboxes: distinct sources in ordinal order; rules whose source names the same server folder share it.
        var groups = new Dictionary<string, (string Display, IMailFolder Folder, List<FilterRule> Rules)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (string source in rules.Select(r => r.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var folder = await account.FindFolderAsync(ModifiedUtf7.DecodeIfEncoded(source), ct).ConfigureAwait(false);
            if (folder is null || folder.Attributes.HasFlag(FolderAttributes.NoSelect) || folder.Attributes.HasFlag(FolderAttributes.NonExistent))
            {
                _log.Debug($"Mailbox {source} does not exist or cannot be selected, skipping it");
                continue;
            }
            if (!groups.TryGetValue(folder.FullName, out var group))
            {
                groups[folder.FullName] = group = (source, folder, []);
                order.Add(folder.FullName);
            }
            group.Rules.AddRange(rules.Where(r => r.Source == source));
        }
        int total = 0;
        foreach (string key in order)
        {
            var (display, folder, folderRules) = groups[key];
            var ordered = folderRules.OrderBy(r => rules.IndexOf(r)).Where(r => r.Source != r.Destination).ToList();
            total += await FilterMailboxAsync(account, folder, display, ordered, ct).ConfigureAwait(false);
        }
        return total;
    }

    /// <summary>Replaces each <c>*</c> rule by one rule per selectable mailbox of this user (LIST order), -T applied.</summary>
    private async Task<List<FilterRule>> ExpandAsync(ImapAccount account, IReadOnlyList<FilterRule> fileRules, Regex? globalFilter, CancellationToken ct)
    {
        if (!fileRules.Any(r => r.IsGlobal)) return fileRules.ToList();
        var names = new List<string>();
        foreach (var f in await account.ListFoldersAsync(ct).ConfigureAwait(false))
        {
            if (f.Attributes.HasFlag(FolderAttributes.NoSelect) || f.Attributes.HasFlag(FolderAttributes.NonExistent)) continue;
            string raw = f.FullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? "INBOX" : ModifiedUtf7.Encode(f.FullName);
            if (raw.StartsWith('#') || raw.StartsWith('.')) continue;
            if (globalFilter is not null && !globalFilter.IsMatch(raw)) continue;
            names.Add(raw);
        }
        var result = new List<FilterRule>();
        foreach (var rule in fileRules)
        {
            if (!rule.IsGlobal) { result.Add(rule); continue; }
            result.AddRange(names.Where(n => n != rule.Destination).Select(n => rule with { Source = n }));
        }
        return result;
    }

    private async Task<int> FilterMailboxAsync(ImapAccount account, IMailFolder folder, string display, List<FilterRule> rules, CancellationToken ct)
    {
        try
        {
            await folder.OpenAsync(_o.TestMode ? FolderAccess.ReadOnly : FolderAccess.ReadWrite, ct).ConfigureAwait(false);
        }
        catch (ImapCommandException e)
        {
            _log.Warn($"Cannot open {display}, skipping it: {e.Response.ToString().ToUpperInvariant()} {e.ResponseText}");
            _problems++;
            return 0;
        }
        _log.Info($"There are {folder.Count} msgs in {display}");
        if (folder.Count == 0 || rules.Count == 0) return 0;

        // 1. The server selects each rule's candidates.
        var matched = new Dictionary<FilterRule, HashSet<UniqueId>?>();
        foreach (var rule in rules)
        {
            if (rule.Kind == RuleKind.Search)
            {
                try
                {
                    var results = await ((ImapFolder)folder).SearchAsync(rule.SearchText!, ct).ConfigureAwait(false);
                    matched[rule] = [.. results.UniqueIds];
                }
                catch (ImapCommandException e)
                {
                    _log.Error($"ISEARCH rule on line {rule.LineNumber} rejected by the server, skipped: {e.Response.ToString().ToUpperInvariant()} {e.ResponseText}: {rule.SearchText}");
                    _problems++;
                }
                continue;
            }
            var query = RuleMatcher.ServerQuery(rule, out bool none);
            if (none) matched[rule] = [];
            else if (query is null) matched[rule] = null;
            else
            {
                _log.Debug($"search >{rule.Text}<");
                matched[rule] = [.. await folder.SearchAsync(query, ct).ConfigureAwait(false)];
            }
        }

        // 2. What SEARCH cannot decide is checked on headers fetched in batches (one UID FETCH per batch).
        var clientRules = matched.Where(kv => RuleMatcher.NeedsClientCheck(kv.Key) && (kv.Value is null || kv.Value.Count > 0)).Select(kv => kv.Key).ToList();
        if (clientRules.Count > 0)
            await CheckOnClientAsync(folder, clientRules, matched, ct).ConfigureAwait(false);

        // 3. One rule acts on each message: every matching copy rule, and the last (or with -f the first) move rule.
        var acts = rules.ToDictionary(r => r, _ => new List<UniqueId>());
        var byMessage = new SortedDictionary<UniqueId, List<FilterRule>>();
        foreach (var rule in rules)
            if (matched.TryGetValue(rule, out var set) && set is not null)
                foreach (var uid in set)
                {
                    if (!byMessage.TryGetValue(uid, out var list)) byMessage[uid] = list = [];
                    list.Add(rule);
                }
        foreach (var (uid, list) in byMessage)
        {
            foreach (var copyRule in list.Where(r => r.Copy)) acts[copyRule].Add(uid);
            var moves = list.Where(r => !r.Copy).ToList();
            if (moves.Count > 0) acts[_o.FirstMatchWins ? moves[0] : moves[^1]].Add(uid);
        }

        // 4. Copies first (the message is still there), then moves, each in rule order.
        int total = 0;
        var mover = new MessageMover(account.Client, _log, _o.AvoidMove);
        foreach (var rule in rules.Where(r => r.Copy).Concat(rules.Where(r => !r.Copy)))
        {
            var uids = acts[rule];
            if (uids.Count == 0) continue;
            if (rule.Kind != RuleKind.Search)
                foreach (var _ in uids) _log.Info($"   Message in {rule.Source} matches rule: '{rule.Display}'");
            if (_o.TestMode)
            {
                total += uids.Count;
                continue;
            }
            int n = rule.Remote is null
                ? await MoveLocalAsync(account, mover, folder, rule, uids, ct).ConfigureAwait(false)
                : await MoveRemoteAsync(mover, folder, rule, uids, ct).ConfigureAwait(false);
            if (n > 0) _log.Info($"   Moved {n} message(s) from {rule.Source} to {rule.Destination} ");
            total += n;
        }
        return total;
    }

    private async Task CheckOnClientAsync(IMailFolder folder, List<FilterRule> clientRules, Dictionary<FilterRule, HashSet<UniqueId>?> matched, CancellationToken ct)
    {
        var fields = clientRules.SelectMany(RuleMatcher.HeaderFields).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Size);
        if (fields.Count > 0) request.Headers = new HeaderSet(fields);
        var candidates = clientRules.ToDictionary(r => r, r => matched[r]);
        var results = clientRules.ToDictionary(r => r, _ => new HashSet<UniqueId>());
        int batch = Math.Max(1, _o.BatchSize);
        bool all = candidates.Values.Any(c => c is null);
        var batches = new List<Func<Task<IList<IMessageSummary>>>>();
        if (all)
        {
            for (int start = 0; start < folder.Count; start += batch)
            {
                int s = start, e = Math.Min(folder.Count, start + batch) - 1;
                batches.Add(() => folder.FetchAsync(s, e, request, ct));
            }
        }
        else
        {
            var union = new SortedSet<UniqueId>(candidates.Values.SelectMany(c => c!));
            foreach (var chunk in union.Chunk(batch))
                batches.Add(() => folder.FetchAsync(chunk, request, ct));
        }
        foreach (var fetch in batches)
        {
            var summaries = await fetch().ConfigureAwait(false);
            _log.Debug($"Fetched {summaries.Count} message headers");
            foreach (var s in summaries.OrderBy(x => x.UniqueId))
            {
                var facts = new MessageFacts(s.UniqueId, s.Flags ?? MessageFlags.None, new HashSet<string>(s.Keywords, StringComparer.Ordinal),
                    s.InternalDate, s.Size ?? 0, s.Headers ?? new HeaderList());
                foreach (var rule in clientRules)
                {
                    if (candidates[rule] is { } c && !c.Contains(s.UniqueId)) continue;
                    if (RuleMatcher.Matches(rule, facts, bad => _log.Info($"Bad date: {bad}.  The rule cannot be evaluated.")))
                        results[rule].Add(s.UniqueId);
                }
            }
        }
        foreach (var rule in clientRules) matched[rule] = results[rule];
    }

    private async Task<int> MoveLocalAsync(ImapAccount account, MessageMover mover, IMailFolder folder, FilterRule rule, List<UniqueId> uids, CancellationToken ct)
    {
        var destination = await account.EnsureFolderAsync(ModifiedUtf7.DecodeIfEncoded(rule.Destination), ct).ConfigureAwait(false);
        if (destination.FullName == folder.FullName) return 0;
        int n = 0;
        foreach (var chunk in uids.Chunk(Math.Max(1, _o.BatchSize)))
            n += await mover.MoveAsync(folder, chunk, destination, rule.Copy, ct).ConfigureAwait(false);
        return n;
    }

    private async Task<int> MoveRemoteAsync(MessageMover mover, IMailFolder folder, FilterRule rule, List<UniqueId> uids, CancellationToken ct)
    {
        var remote = rule.Remote!;
        if (!_remotes.TryGetValue(remote.Server, out var account))
        {
            var target = new ConnectionString(remote.Server.Host, remote.Server.Port, remote.Server.User, remote.Server.Password, LoginMethod.Default, null);
            _log.Info($"Connecting to remote host {remote.Server.Host} port {remote.Server.Port}");
            account = await ImapAccount.OpenAsync(_connector, target, "remote", null, _log, ct).ConfigureAwait(false);
            _remotes[remote.Server] = account;
        }
        string name = remote.Mailbox == "*"
            ? folder.FullName.Replace(folder.DirectorySeparator, account.Namespace.Delimiter)
            : ModifiedUtf7.DecodeIfEncoded(remote.Mailbox);
        if (!name.Equals("INBOX", StringComparison.OrdinalIgnoreCase) && !name.StartsWith(account.Namespace.Prefix, StringComparison.Ordinal))
            name = account.Namespace.Prefix + name;
        var destination = await account.EnsureFolderAsync(name, ct).ConfigureAwait(false);
        var sink = new ImapFolderSink(account.Client, destination, remote.Mailbox);
        await sink.OpenAsync(ct).ConfigureAwait(false);
        var (done, failed) = await mover.TransferAsync(folder, rule.Source, uids, sink, rule.Copy, _o.BatchSize, ct).ConfigureAwait(false);
        if (failed > 0) _problems++;
        return done;
    }

    private async Task ExpungeTrashAsync(ImapAccount account, CancellationToken ct)
    {
        if (_o.TrashMailbox is null || _o.TestMode) return;
        _log.Info($"Expunging {_o.TrashMailbox} mailbox");
        var trash = await account.FindFolderAsync(ModifiedUtf7.DecodeIfEncoded(_o.TrashMailbox), ct).ConfigureAwait(false);
        if (trash is null)
        {
            _log.Error($"Unexpected EXPUNGE response: mailbox {_o.TrashMailbox} does not exist ");
            _problems++;
            return;
        }
        await trash.OpenAsync(FolderAccess.ReadWrite, ct).ConfigureAwait(false);
        if (trash.Count == 0) return;
        var all = await trash.SearchAsync(MailKit.Search.SearchQuery.All, ct).ConfigureAwait(false);
        await trash.AddFlagsAsync(all, MessageFlags.Deleted, true, ct).ConfigureAwait(false);
        if (account.Client.Capabilities.HasFlag(ImapCapabilities.UidPlus)) await trash.ExpungeAsync(all, ct).ConfigureAwait(false);
        else await trash.ExpungeAsync(ct).ConfigureAwait(false);
    }
}
