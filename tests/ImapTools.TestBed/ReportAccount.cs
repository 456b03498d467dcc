using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace ImapTools.TestBed;

/// <summary>
/// A small account for the report tools' tests: known folders (including <c>Café</c> and an empty one) with
/// messages of known sizes, and the per-folder figures read back with a plain MailKit client.
/// </summary>
public static class ReportAccount
{
    /// <summary>The folders created (display names, "/" hierarchy), INBOX included.</summary>
    public static readonly string[] Folders = ["INBOX", "Archive", "Archive/2010", "Café", "Drafts", "Old Stuff", "Sent"];

    /// <summary>A message of about <paramref name="bodyBytes"/> bytes.</summary>
    public static byte[] Message(string subject, int bodyBytes, string id)
    {
        var sb = new StringBuilder();
        sb.Append("From: a@example.org\r\nTo: b@example.org\r\nSubject: ").Append(subject)
          .Append("\r\nMessage-ID: <").Append(id).Append(">\r\nDate: Mon, 1 Jan 2018 10:00:00 +0000\r\n\r\n");
        var line = new string('x', 76) + "\r\n";
        for (int n = 0; n < bodyBytes; n += line.Length) sb.Append(line);
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>Creates the folders and messages for <paramref name="user"/>: INBOX 3 (one of ~150 kB), Archive 1, Archive/2010 1, Café 1, Drafts 0, Old Stuff 1, Sent 2.</summary>
    public static async Task SeedAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        var ns = client.PersonalNamespaces[0];
        var counts = new Dictionary<string, int> { ["INBOX"] = 3, ["Archive"] = 1, ["Archive/2010"] = 1, ["Café"] = 1, ["Drafts"] = 0, ["Old Stuff"] = 1, ["Sent"] = 2 };
        int serial = 0;
        foreach (var name in Folders)
        {
            IMailFolder folder = name == "INBOX" ? client.Inbox : await CreateAsync(client, ns, name);
            for (int i = 0; i < counts[name]; i++)
            {
                serial++;
                int body = name == "INBOX" && i == 1 ? 150_000 : 300 + 97 * serial;
                string subject = name == "INBOX" && i == 1 ? "big one" : $"{name} {i}";
                var message = MimeMessage.Load(new MemoryStream(Message(subject, body, $"{serial}.{user}@report")));
                await folder.AppendAsync(message, MessageFlags.Seen);
            }
        }
        await client.DisconnectAsync(true);
    }

    private static async Task<IMailFolder> CreateAsync(ImapClient client, FolderNamespace ns, string name)
    {
        IMailFolder parent = client.GetFolder(ns);
        foreach (var part in name.Split('/'))
        {
            string path = parent.FullName.Length == 0 ? part : parent.FullName + ns.DirectorySeparator + part;
            try { parent = await client.GetFolderAsync(path); }
            catch (FolderNotFoundException) { parent = (await parent.CreateAsync(part, true))!; }
        }
        return parent;
    }

    /// <summary>Per folder (display name with "/"): message count, sum of RFC822.SIZE, and (size, subject) of each message; read with MailKit.</summary>
    public static async Task<Dictionary<string, (int Count, long Bytes, List<(long Size, string Subject)> Messages)>> FiguresAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        var ns = client.PersonalNamespaces[0];
        var result = new Dictionary<string, (int, long, List<(long, string)>)>();
        var all = (await client.GetFoldersAsync(ns)).Prepend(client.Inbox).DistinctBy(f => f.FullName).ToList();
        foreach (var folder in all)
        {
            if (folder.Attributes.HasFlag(FolderAttributes.NoSelect)) continue;
            await folder.OpenAsync(FolderAccess.ReadOnly);
            var list = new List<(long, string)>();
            if (folder.Count > 0)
                foreach (var s in await folder.FetchAsync(0, -1, MessageSummaryItems.Size | MessageSummaryItems.Envelope))
                    list.Add(((long)s.Size!.Value, s.Envelope?.Subject ?? ""));
            string name = folder.FullName;
            if (ns.Path.Length > 0 && name.StartsWith(ns.Path + ns.DirectorySeparator, StringComparison.Ordinal)) name = name[(ns.Path.Length + 1)..];
            result[name.Replace(ns.DirectorySeparator, '/')] = (list.Count, list.Sum(m => m.Item1), list);
            await folder.CloseAsync();
        }
        await client.DisconnectAsync(true);
        return result;
    }
}
