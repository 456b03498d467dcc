using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Accounts;

/// <summary>
/// One authenticated IMAP account: the connection, its personal namespace (prefix and hierarchy delimiter) and
/// the folder operations every tool needs (list all, find, create with parents).
/// </summary>
public sealed class ImapAccount : IAsyncDisposable
{
    private readonly ToolLog _log;

    private ImapAccount(ImapClient client, MailboxNamespace ns, ToolLog log)
    {
        Client = client;
        Namespace = ns;
        _log = log;
    }

    /// <summary>The authenticated connection.</summary>
    public ImapClient Client { get; }

    /// <summary>The personal namespace in use (the server's first personal namespace, or the user's override).</summary>
    public MailboxNamespace Namespace { get; }

    /// <summary>Connects and logs in to <paramref name="target"/>; <paramref name="side"/> names the server in errors.</summary>
    /// <param name="connector">The run's connector (TLS and timeout settings).</param>
    /// <param name="target">Host, port, user and credentials.</param>
    /// <param name="side">"source", "destination", … for messages.</param>
    /// <param name="namespaceOverride">A user-supplied prefix and delimiter (<c>-x</c>/<c>-y</c>), or null to ask the server.</param>
    /// <param name="log">The run's log.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<ImapAccount> OpenAsync(ImapConnector connector, ConnectionString target, string side,
        MailboxNamespace? namespaceOverride, ToolLog log, CancellationToken ct)
    {
        var client = await connector.ConnectAsync(target, side, ct).ConfigureAwait(false);
        return new ImapAccount(client, ResolveNamespace(client, namespaceOverride, log), log);
    }

    /// <summary>Wraps an already authenticated connection.</summary>
    public static ImapAccount FromClient(ImapClient client, MailboxNamespace? namespaceOverride, ToolLog log) =>
        new(client, ResolveNamespace(client, namespaceOverride, log), log);

    private static MailboxNamespace ResolveNamespace(ImapClient client, MailboxNamespace? overrideValue, ToolLog log)
    {
        if (overrideValue is not null)
        {
            log.Info($"Using user-supplied mailbox hierarchy delimiter {overrideValue.Delimiter} {overrideValue.Prefix}".TrimEnd());
            return overrideValue;
        }
        var ns = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0] : null;
        char delimiter = ns?.DirectorySeparator ?? client.Inbox.DirectorySeparator;
        string prefix = ns is null || ns.Path.Length == 0 ? "" : ns.Path + delimiter;
        log.Debug($"prefix  >{prefix}<");
        log.Debug($"delim   >{delimiter}<");
        return new MailboxNamespace(prefix, delimiter);
    }

    /// <summary>INBOX and every folder of the personal namespaces (LIST), each once.</summary>
    public async Task<List<IMailFolder>> ListFoldersAsync(CancellationToken ct)
    {
        var all = new Dictionary<string, IMailFolder>(StringComparer.Ordinal) { [Client.Inbox.FullName] = Client.Inbox };
        foreach (var ns in Client.PersonalNamespaces)
            foreach (var f in await Client.GetFoldersAsync(ns, StatusItems.None, false, ct).ConfigureAwait(false))
                all.TryAdd(f.FullName, f);
        return all.Values.ToList();
    }

    /// <summary>The folder named <paramref name="fullName"/> (INBOX in any case), or null when the server has none.</summary>
    public async Task<IMailFolder?> FindFolderAsync(string fullName, CancellationToken ct)
    {
        if (fullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return Client.Inbox;
        try { return await Client.GetFolderAsync(fullName, ct).ConfigureAwait(false); }
        catch (FolderNotFoundException) { return null; }
    }

    /// <summary>
    /// Returns <paramref name="fullName"/>, creating it and any missing parents (and subscribing it) when absent;
    /// INBOX is never created. A server refusal is an <see cref="ImapToolsException"/> naming the mailbox.
    /// </summary>
    public async Task<IMailFolder> EnsureFolderAsync(string fullName, CancellationToken ct)
    {
        if (await FindFolderAsync(fullName, ct).ConfigureAwait(false) is { } existing) return existing;
        try
        {
            _log.Debug($"Yes, create dstmbx {fullName}");
            char delimiter = Namespace.Delimiter;
            IMailFolder? root = Client.PersonalNamespaces.Count > 0 ? Client.GetFolder(Client.PersonalNamespaces[0]) : null;
            IMailFolder parent;
            string rest;
            if (root is { FullName.Length: > 0 } && fullName.StartsWith(root.FullName + delimiter, StringComparison.Ordinal))
            {
                parent = root;
                rest = fullName[(root.FullName.Length + 1)..];
            }
            else if (fullName.StartsWith("INBOX" + delimiter, StringComparison.OrdinalIgnoreCase))
            {
                parent = Client.Inbox;
                rest = fullName[6..];
            }
            else
            {
                parent = Client.GetFolder(new FolderNamespace(delimiter, ""));
                rest = fullName;
            }
            string[] parts = rest.Split(delimiter);
            for (int i = 0; i < parts.Length; i++)
            {
                string part = parts[i];
                string path = parent.FullName.Length == 0 ? part : parent.FullName + delimiter + part;
                IMailFolder? next = null;
                // The mailbox itself was just looked up and is absent: only its parents need a LIST (one round trip less).
                if (i < parts.Length - 1)
                {
                    try { next = await Client.GetFolderAsync(path, ct).ConfigureAwait(false); }
                    catch (FolderNotFoundException) { }
                }
                next ??= await parent.CreateAsync(part, true, ct).ConfigureAwait(false);
                parent = next ?? throw new ImapToolsException($"Error creating {ModifiedUtf7.Encode(fullName)}: the server did not create {path}", ExitCodes.Protocol);
            }
            try { await parent.SubscribeAsync(ct).ConfigureAwait(false); }
            catch (ImapCommandException e) { _log.Warn($"Unexpected response to subscribe {fullName} command: {e.ResponseText}"); }
            return parent;
        }
        catch (Exception e) when (e is ImapCommandException or ArgumentException)
        {
            string text = e is ImapCommandException c ? $"{c.Response} {c.ResponseText}" : e.Message;
            throw new ImapToolsException($"Error creating {ModifiedUtf7.Encode(fullName)}: {text}", ExitCodes.Failure, e);
        }
    }

    /// <summary>
    /// Closes the accounts after a lost connection: logs out where the connection still answers and ignores the
    /// network errors of one that does not (null entries are skipped).
    /// </summary>
    public static async Task CloseQuietlyAsync(params ImapAccount?[] accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (var account in accounts)
        {
            if (account is null) continue;
            try { await account.DisposeAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is IOException or ImapProtocolException or System.Net.Sockets.SocketException or ObjectDisposedException or TimeoutException) { }
        }
    }

    /// <summary>Logs out (best effort) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        try { if (Client.IsConnected) await Client.DisconnectAsync(true).ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or ImapProtocolException or ImapCommandException or OperationCanceledException) { }
        Client.Dispose();
    }
}
