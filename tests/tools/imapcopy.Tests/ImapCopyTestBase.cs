using ImapTools.TestBed;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Tools.ImapCopy.Tests;

/// <summary>Helpers shared by the imapcopy end-to-end tests: fresh users, corpus loading, running the real binary.</summary>
public abstract class ImapCopyTestBase
{
    protected ImapCopyTestBase(DovecotServerPair servers)
    {
        Src = servers.Source;
        Dst = servers.Destination;
    }

    protected DovecotServer Src { get; }
    protected DovecotServer Dst { get; }

    protected static Task<ToolResult> ImapCopy(params string[] args) => ToolRunner.RunAsync("imapcopy", args);

    protected static Task<ToolResult> ImapCopy(IDictionary<string, string?> env, params string[] args) => ToolRunner.RunAsync("imapcopy", args, env);

    protected async Task<(string Source, string Dest)> NewAccountsAsync(CorpusSpec? spec = null)
    {
        string s = TestUsers.Unique("src");
        string d = TestUsers.Unique("dst");
        if (spec is not null)
        {
            using var client = await Src.ConnectAsync(s);
            await CorpusBuilder.LoadAsync(client, spec);
            await client.DisconnectAsync(true);
        }
        return (s, d);
    }

    protected static async Task<MailboxSnapshot> SnapshotAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        var snap = await CorpusBuilder.SnapshotAsync(client);
        await client.DisconnectAsync(true);
        return snap;
    }

    protected static async Task AppendAsync(DovecotServer server, string user, string folder, string raw, MessageFlags flags = MessageFlags.None,
        DateTimeOffset? date = null, params string[] keywords)
    {
        using var client = await server.ConnectAsync(user);
        var ns = client.PersonalNamespaces[0];
        IMailFolder target;
        if (folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) target = client.Inbox;
        else
        {
            target = client.GetFolder(ns);
            foreach (var part in folder.Split('/'))
            {
                string path = target.FullName.Length == 0 ? part : target.FullName + ns.DirectorySeparator + part;
                try { target = await client.GetFolderAsync(path); }
                catch (FolderNotFoundException) { target = (await target.CreateAsync(part, true))!; }
            }
        }
        var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw)));
        var request = new AppendRequest(message, flags, keywords);
        if (date is not null) request.InternalDate = date;
        await target.AppendAsync(request);
        await client.DisconnectAsync(true);
    }

    protected static string Mail(string id, string subject, string body = "hello") =>
        $"From: a@example.org\r\nTo: b@example.org\r\nSubject: {subject}\r\n{(id.Length > 0 ? $"Message-ID: <{id}>\r\n" : "")}Date: Mon, 1 Jan 2018 10:00:00 +0000\r\n\r\n{body}\r\n";

    /// <summary>Messages of one folder on a server: (subject, flags, keywords, internal date, raw bytes).</summary>
    protected static async Task<List<(string Subject, MessageFlags Flags, string[] Keywords, DateTimeOffset Date, byte[] Raw)>> MessagesAsync(
        DovecotServer server, string user, string folder)
    {
        using var client = await server.ConnectAsync(user);
        var ns = client.PersonalNamespaces[0];
        var f = folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox
            : await client.GetFolderAsync(server.NamespacePrefix + folder.Replace('/', ns.DirectorySeparator));
        await f.OpenAsync(FolderAccess.ReadOnly);
        var result = new List<(string, MessageFlags, string[], DateTimeOffset, byte[])>();
        if (f.Count > 0)
        {
            foreach (var s in await f.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Envelope))
            {
                using var stream = await f.GetStreamAsync(s.UniqueId, string.Empty);
                using var ms = new MemoryStream();
                await stream.CopyToAsync(ms);
                result.Add((s.Envelope?.Subject ?? "", (s.Flags ?? 0) & ~MessageFlags.Recent, s.Keywords.Order().ToArray(), s.InternalDate!.Value, ms.ToArray()));
            }
        }
        await client.DisconnectAsync(true);
        return result;
    }

    protected static async Task<string[]> SubjectsAsync(DovecotServer server, string user, string folder) =>
        (await MessagesAsync(server, user, folder)).Select(m => m.Subject).Order(StringComparer.Ordinal).ToArray();

    protected static void AssertOk(ToolResult r, int code = 0) => Assert.True(r.ExitCode == code, r.ToString());

    /// <summary>The folder names of an account (normalized with "/").</summary>
    protected static async Task<IReadOnlyList<string>> FolderNamesAsync(DovecotServer server, string user) =>
        (await SnapshotAsync(server, user)).FolderNames;

    /// <summary>The raw (server) folder names of an account.</summary>
    protected static async Task<IReadOnlyList<string>> RawFolderNamesAsync(DovecotServer server, string user)
    {
        using ImapClient client = await server.ConnectAsync(user);
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0]);
        return folders.Select(f => f.FullName).Order(StringComparer.Ordinal).ToList();
    }
}
