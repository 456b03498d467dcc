using System.Text;
using ImapTools.TestBed;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Tools.ImapFilter.Tests;

/// <summary>Helpers for the imapfilter end-to-end tests: seed messages, write rules files, run the real binary, read folders back.</summary>
public abstract class FilterTestBase : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("imapfilter-tests-").FullName;

    protected FilterTestBase(DovecotServerPair servers)
    {
        Src = servers.Source;
        Dst = servers.Destination;
    }

    protected DovecotServer Src { get; }
    protected DovecotServer Dst { get; }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    protected static Task<ToolResult> Filter(params string[] args) => ToolRunner.RunAsync("imapfilter", args);

    /// <summary>Writes a rules file (lines joined with LF) and returns its path.</summary>
    protected string Rules(params string[] lines) => WriteFile("rules-" + Guid.NewGuid().ToString("N")[..6] + ".txt", string.Join("\n", lines) + "\n");

    protected string WriteFile(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    protected static string Mail(string subject, string from = "someone@example.org", string date = "Mon, 1 Jan 2018 10:00:00 +0000",
        string extraHeaders = "", int bodyBytes = 20) =>
        $"From: {from}\r\nTo: user@example.org\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: <{Guid.NewGuid():N}@test>\r\n{extraHeaders}\r\n{new string('x', bodyBytes)}\r\n";

    /// <summary>Appends one message to a folder (created when missing) with an independent client.</summary>
    protected static async Task AppendAsync(DovecotServer server, string user, string folder, string raw, MessageFlags flags = MessageFlags.None,
        DateTimeOffset? internalDate = null, params string[] keywords)
    {
        using var client = await server.ConnectAsync(user);
        var target = await GetOrCreateAsync(client, server, folder);
        var message = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)));
        var request = new AppendRequest(message, flags, keywords) { InternalDate = internalDate ?? new DateTimeOffset(2018, 1, 1, 10, 0, 0, TimeSpan.Zero) };
        await target.AppendAsync(request);
        await client.DisconnectAsync(true);
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

    /// <summary>Subjects (sorted) and flags of a folder; null when the folder does not exist.</summary>
    protected static async Task<List<(string Subject, MessageFlags Flags, DateTimeOffset Date, byte[] Raw)>?> MessagesAsync(DovecotServer server, string user, string folder)
    {
        using var client = await server.ConnectAsync(user);
        IMailFolder f;
        try
        {
            f = folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox
                : await client.GetFolderAsync(server.NamespacePrefix + folder.Replace('/', client.PersonalNamespaces[0].DirectorySeparator));
        }
        catch (FolderNotFoundException) { return null; }
        await f.OpenAsync(FolderAccess.ReadOnly);
        var result = new List<(string, MessageFlags, DateTimeOffset, byte[])>();
        if (f.Count > 0)
            foreach (var s in await f.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Envelope))
            {
                using var stream = await f.GetStreamAsync(s.UniqueId, string.Empty);
                using var ms = new MemoryStream();
                await stream.CopyToAsync(ms);
                result.Add((s.Envelope?.Subject ?? "", (s.Flags ?? 0) & ~MessageFlags.Recent, s.InternalDate!.Value, ms.ToArray()));
            }
        await client.DisconnectAsync(true);
        return result.OrderBy(m => m.Item1, StringComparer.Ordinal).ToList();
    }

    protected static async Task<string[]> SubjectsAsync(DovecotServer server, string user, string folder) =>
        ((await MessagesAsync(server, user, folder)) ?? []).Select(m => m.Subject).Order(StringComparer.Ordinal).ToArray();

    protected static async Task<MailboxSnapshot> SnapshotAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        var snap = await CorpusBuilder.SnapshotAsync(client);
        await client.DisconnectAsync(true);
        return snap;
    }

    protected static void AssertExit(ToolResult r, int code = 0) => Assert.True(r.ExitCode == code, r.ToString());
}
