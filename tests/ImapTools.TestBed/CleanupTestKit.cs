using System.Text;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.TestBed;

/// <summary>One message as an independent client sees it (for the cleanup tools' tests).</summary>
/// <param name="Subject">The Subject header (raw text).</param>
/// <param name="Flags">The system flags, without \Recent.</param>
/// <param name="Uid">The UID.</param>
public sealed record SeenMessage(string Subject, MessageFlags Flags, uint Uid)
{
    /// <summary>True when the message carries \Deleted.</summary>
    public bool Deleted => Flags.HasFlag(MessageFlags.Deleted);
}

/// <summary>
/// Seeding and inspection helpers for the tests of delete_imap_mailboxes, trash, purgeMbx, delIMAPdups and
/// imap_search: every check goes through a plain MailKit client, independent of the code under test.
/// Folder names are written with "/" and translated to the server's namespace.
/// </summary>
public static class CleanupTestKit
{
    /// <summary>A small RFC 5322 message; <paramref name="id"/> empty means no Message-ID header.</summary>
    public static string Mail(string id, string subject, string body = "hello", string from = "a@example.org",
        string date = "Mon, 1 Jan 2018 10:00:00 +0000", string? extraHeaders = null) =>
        $"From: {from}\r\nTo: b@example.org\r\nSubject: {subject}\r\n" +
        (id.Length > 0 ? $"Message-ID: <{id}>\r\n" : "") +
        $"Date: {date}\r\n{extraHeaders}\r\n{body}\r\n";

    /// <summary>The server name of a "/"-separated folder path.</summary>
    public static string ServerName(DovecotServer server, string folder) =>
        folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? "INBOX" : server.NamespacePrefix + folder.Replace('/', server.Separator);

    /// <summary>Creates a folder (and its parents); INBOX exists already.</summary>
    public static async Task CreateFolderAsync(DovecotServer server, string user, string folder)
    {
        using var client = await server.ConnectAsync(user);
        await GetOrCreateAsync(client, server, folder);
        await client.DisconnectAsync(true);
    }

    /// <summary>Appends messages (raw text, flags) to a folder, creating it when missing.</summary>
    public static async Task AppendAsync(DovecotServer server, string user, string folder, params (string Raw, MessageFlags Flags)[] messages)
    {
        using var client = await server.ConnectAsync(user);
        var target = await GetOrCreateAsync(client, server, folder);
        foreach (var (raw, flags) in messages)
        {
            var message = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)));
            await target.AppendAsync(new AppendRequest(message, flags) { InternalDate = new DateTimeOffset(2018, 1, 1, 10, 0, 0, TimeSpan.Zero) });
        }
        await client.DisconnectAsync(true);
    }

    /// <summary>Appends one message with a given INTERNALDATE.</summary>
    public static async Task AppendAtAsync(DovecotServer server, string user, string folder, string raw, DateTimeOffset internalDate)
    {
        using var client = await server.ConnectAsync(user);
        var target = await GetOrCreateAsync(client, server, folder);
        var message = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)));
        await target.AppendAsync(new AppendRequest(message) { InternalDate = internalDate });
        await client.DisconnectAsync(true);
    }

    /// <summary>Appends messages without flags.</summary>
    public static Task AppendAsync(DovecotServer server, string user, string folder, params string[] raws) =>
        AppendAsync(server, user, folder, raws.Select(r => (r, MessageFlags.None)).ToArray());

    /// <summary>The messages of a folder in sequence order.</summary>
    public static async Task<List<SeenMessage>> MessagesAsync(DovecotServer server, string user, string folder)
    {
        using var client = await server.ConnectAsync(user);
        var f = folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(ServerName(server, folder));
        await f.OpenAsync(FolderAccess.ReadOnly);
        var result = new List<SeenMessage>();
        if (f.Count > 0)
            foreach (var s in (await f.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Envelope)).OrderBy(s => s.Index))
                result.Add(new SeenMessage(s.Envelope?.Subject ?? "", (s.Flags ?? 0) & ~MessageFlags.Recent, s.UniqueId.Id));
        await client.DisconnectAsync(true);
        return result;
    }

    /// <summary>The subjects of a folder in sequence order.</summary>
    public static async Task<string[]> SubjectsAsync(DovecotServer server, string user, string folder) =>
        (await MessagesAsync(server, user, folder)).Select(m => m.Subject).ToArray();

    /// <summary>Every folder of the account as "/"-separated names without the namespace prefix, sorted ordinally.</summary>
    public static async Task<List<string>> FoldersAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        var ns = client.PersonalNamespaces[0];
        var names = new List<string> { "INBOX" };
        foreach (var f in await client.GetFoldersAsync(ns))
        {
            if (f.Attributes.HasFlag(FolderAttributes.NonExistent) || f.FullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) continue;
            string name = f.FullName.StartsWith(server.NamespacePrefix, StringComparison.Ordinal) ? f.FullName[server.NamespacePrefix.Length..] : f.FullName;
            names.Add(name.Replace(server.Separator, '/'));
        }
        await client.DisconnectAsync(true);
        return names.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<IMailFolder> GetOrCreateAsync(ImapClient client, DovecotServer server, string folder)
    {
        if (folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return client.Inbox;
        var ns = client.PersonalNamespaces[0];
        IMailFolder target = client.GetFolder(ns);
        foreach (var part in folder.Split('/'))
        {
            string path = target.FullName.Length == 0 ? part : target.FullName + ns.DirectorySeparator + part;
            try { target = await client.GetFolderAsync(path); }
            catch (FolderNotFoundException) { target = (await target.CreateAsync(part, true))!; }
        }
        return target;
    }
}
