using ImapTools.TestBed;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace ImapTools.Tools.ImapSync.Tests;

/// <summary>Helpers for the imapsync end-to-end tests: fresh users, an independent MailKit client, the real binary.</summary>
public abstract class SyncTestBase(DovecotServerPair servers)
{
    protected DovecotServer Src { get; } = servers.Source;
    protected DovecotServer Dst { get; } = servers.Destination;

    protected static Task<ToolResult> Run(params string[] args) => ToolRunner.RunAsync("imapsync", args);

    protected static void AssertSame(MailboxSnapshot expected, MailboxSnapshot actual, bool compareDates = true)
    {
        var diff = expected.Diff(actual, compareDates: compareDates);
        Assert.True(diff.Count == 0, string.Join("\n", diff));
    }

    protected static void AssertOk(ToolResult r, int code = 0) => Assert.True(r.ExitCode == code, r.ToString());

    protected static string Mail(string id, string subject, string body = "hello", string date = "Mon, 1 Jan 2018 10:00:00 +0000") =>
        $"From: a@example.org\r\nTo: b@example.org\r\nSubject: {subject}\r\n{(id.Length > 0 ? $"Message-ID: <{id}>\r\n" : "")}Date: {date}\r\n\r\n{body}\r\n";

    protected static async Task<IMailFolder> FolderAsync(ImapClient client, DovecotServer server, string folder, bool create = true)
    {
        if (folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return client.Inbox;
        var ns = client.PersonalNamespaces[0];
        IMailFolder target = client.GetFolder(ns);
        foreach (var part in folder.Split('/'))
        {
            string path = target.FullName.Length == 0 ? part : target.FullName + ns.DirectorySeparator + part;
            try { target = await client.GetFolderAsync(path); }
            catch (FolderNotFoundException) when (create) { target = (await target.CreateAsync(part, true))!; }
        }
        return target;
    }

    protected static async Task AppendAsync(DovecotServer server, string user, string folder, string raw, MessageFlags flags = MessageFlags.None,
        DateTimeOffset? date = null, params string[] keywords)
    {
        using var client = await server.ConnectAsync(user);
        var target = await FolderAsync(client, server, folder);
        var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw)));
        var request = new AppendRequest(message, flags, keywords);
        if (date is not null) request.InternalDate = date;
        await target.AppendAsync(request);
        await client.DisconnectAsync(true);
    }

    /// <summary>Opens a folder read-write with an independent client and runs <paramref name="action"/> on it.</summary>
    protected static async Task WithFolderAsync(DovecotServer server, string user, string folder, Func<IMailFolder, Task> action)
    {
        using var client = await server.ConnectAsync(user);
        var f = await FolderAsync(client, server, folder);
        await f.OpenAsync(FolderAccess.ReadWrite);
        await action(f);
        await client.DisconnectAsync(true);
    }

    /// <summary>UID of the message with this subject.</summary>
    protected static async Task<UniqueId> UidAsync(IMailFolder f, string subject) =>
        (await f.SearchAsync(SearchQuery.SubjectContains(subject))).Single();

    protected static async Task<MailboxSnapshot> SnapshotAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        var snap = await CorpusBuilder.SnapshotAsync(client);
        await client.DisconnectAsync(true);
        return snap;
    }

    /// <summary>The snapshot without messages flagged \Deleted (what a mirror of it must hold).</summary>
    protected static MailboxSnapshot WithoutDeleted(MailboxSnapshot s) => new(s.Folders.ToDictionary(
        kv => kv.Key, kv => (IReadOnlyList<MessageSnapshot>)kv.Value.Where(m => !m.Flags.HasFlag(MessageFlags.Deleted)).ToList(), StringComparer.Ordinal));

    /// <summary>Subjects and keywords of one folder: (subject, flags, keywords).</summary>
    protected static async Task<List<(string Subject, MessageFlags Flags, string[] Keywords)>> MessagesAsync(DovecotServer server, string user, string folder)
    {
        using var client = await server.ConnectAsync(user);
        var f = await FolderAsync(client, server, folder, create: false);
        await f.OpenAsync(FolderAccess.ReadOnly);
        var list = new List<(string, MessageFlags, string[])>();
        if (f.Count > 0)
            foreach (var s in await f.FetchAsync(0, -1, MessageSummaryItems.Flags | MessageSummaryItems.Envelope | MessageSummaryItems.UniqueId))
                list.Add((s.Envelope?.Subject ?? "", (s.Flags ?? 0) & ~MessageFlags.Recent, s.Keywords.Order(StringComparer.Ordinal).ToArray()));
        await client.DisconnectAsync(true);
        return list;
    }

    protected static async Task<string[]> SubjectsAsync(DovecotServer server, string user, string folder) =>
        (await MessagesAsync(server, user, folder)).Select(m => m.Subject).Order(StringComparer.Ordinal).ToArray();

    protected async Task<(string S, string D)> LoadedAsync(CorpusSpec? spec = null)
    {
        string s = TestUsers.Unique("ssrc");
        string d = TestUsers.Unique("sdst");
        using var client = await Src.ConnectAsync(s);
        await CorpusBuilder.LoadAsync(client, spec ?? CorpusSpec.Small);
        await client.DisconnectAsync(true);
        return (s, d);
    }
}
