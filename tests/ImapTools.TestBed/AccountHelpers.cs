using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace ImapTools.TestBed;

/// <summary>One-call helpers for end-to-end tests: load, snapshot, append and list an account; world-readable temp folders.</summary>
public static class AccountHelpers
{
    /// <summary>Loads <paramref name="spec"/> into a user's account and returns the account's snapshot.</summary>
    public static async Task<MailboxSnapshot> LoadAsync(DovecotServer server, string user, CorpusSpec spec)
    {
        using var client = await server.ConnectAsync(user).ConfigureAwait(false);
        await CorpusBuilder.LoadAsync(client, spec).ConfigureAwait(false);
        var snapshot = await CorpusBuilder.SnapshotAsync(client).ConfigureAwait(false);
        await client.DisconnectAsync(true).ConfigureAwait(false);
        return snapshot;
    }

    /// <summary>The snapshot of a user's account (see <see cref="CorpusBuilder.SnapshotAsync"/>).</summary>
    public static async Task<MailboxSnapshot> SnapshotAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user).ConfigureAwait(false);
        var snapshot = await CorpusBuilder.SnapshotAsync(client).ConfigureAwait(false);
        await client.DisconnectAsync(true).ConfigureAwait(false);
        return snapshot;
    }

    /// <summary>Appends one message to a folder ("/" separated, created when missing).</summary>
    public static async Task AppendAsync(DovecotServer server, string user, string folder, byte[] raw, MessageFlags flags = MessageFlags.None, DateTimeOffset? date = null)
    {
        using var client = await server.ConnectAsync(user).ConfigureAwait(false);
        var target = await FolderAsync(client, folder, create: true).ConfigureAwait(false);
        var request = new AppendRequest(MimeMessage.Load(new MemoryStream(raw)), flags);
        if (date is not null) request.InternalDate = date;
        await target.AppendAsync(request).ConfigureAwait(false);
        await client.DisconnectAsync(true).ConfigureAwait(false);
    }

    /// <summary>Subject, flags (system flags only) and internal date of each message of a folder, in UID order.</summary>
    public static async Task<List<(string Subject, MessageFlags Flags, DateTimeOffset Date)>> ListAsync(DovecotServer server, string user, string folder)
    {
        using var client = await server.ConnectAsync(user).ConfigureAwait(false);
        var f = await FolderAsync(client, folder, create: false).ConfigureAwait(false);
        await f.OpenAsync(FolderAccess.ReadOnly).ConfigureAwait(false);
        var result = new List<(string, MessageFlags, DateTimeOffset)>();
        if (f.Count > 0)
        {
            foreach (var s in (await f.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Envelope).ConfigureAwait(false)).OrderBy(s => s.UniqueId.Id))
                result.Add((s.Envelope?.Subject ?? "", (s.Flags ?? MessageFlags.None) & ~MessageFlags.Recent, s.InternalDate ?? default));
        }
        await client.DisconnectAsync(true).ConfigureAwait(false);
        return result;
    }

    /// <summary>A fresh temp folder that other local users (the Dovecot mail user) can traverse and read.</summary>
    public static string TempDirectory(string prefix)
    {
        string dir = Directory.CreateTempSubdirectory(prefix).FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        return dir;
    }

    /// <summary>A small message; <paramref name="id"/> null gives one without Message-ID.</summary>
    public static byte[] Mail(string subject, string? id, string date = "Mon, 5 Mar 2012 09:59:00 -0500") =>
        System.Text.Encoding.UTF8.GetBytes($"From: a@example.org\r\nTo: b@example.org\r\nSubject: {subject}\r\n{(id is null ? "" : $"Message-ID: <{id}>\r\n")}Date: {date}\r\n\r\nhello {subject}\r\n");

    private static async Task<IMailFolder> FolderAsync(ImapClient client, string folder, bool create)
    {
        if (folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return client.Inbox;
        var ns = client.PersonalNamespaces[0];
        var target = client.GetFolder(ns);
        foreach (string part in folder.Split('/'))
        {
            string path = target.FullName.Length == 0 ? part : target.FullName + ns.DirectorySeparator + part;
            try { target = await client.GetFolderAsync(path).ConfigureAwait(false); }
            catch (FolderNotFoundException) when (create) { target = (await target.CreateAsync(part, true).ConfigureAwait(false))!; }
        }
        return target;
    }
}
