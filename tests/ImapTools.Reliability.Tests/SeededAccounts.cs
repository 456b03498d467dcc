using System.Text;
using ImapTools.TestBed;
using MailKit;

namespace ImapTools.Reliability.Tests;

/// <summary>Two small messages in a fresh user's source INBOX, and counting what arrived (TLS and password tests).</summary>
internal static class SeededAccounts
{
    /// <summary>The messages <see cref="CreateAsync"/> puts in the source INBOX.</summary>
    public static readonly string[] Seed =
    [
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: seed one\r\nMessage-ID: <one@seeded>\r\nDate: Tue, 5 Jan 2015 10:00:00 -0500\r\n\r\nfirst body\r\n",
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: seed two\r\nMessage-ID: <two@seeded>\r\nDate: Wed, 6 Jan 2015 10:00:00 -0500\r\n\r\nsecond body\r\n",
    ];

    /// <summary>A fresh user with <see cref="Seed"/> in the source INBOX and an empty destination account.</summary>
    public static async Task<string> CreateAsync(DovecotServerPair fx, string prefix)
    {
        string user = TestUsers.Unique(prefix.ToLowerInvariant());
        using (var client = await fx.Source.ConnectAsync(user))
        {
            foreach (string raw in Seed)
                await client.Inbox.AppendAsync(new AppendRequest(MimeKit.MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(raw)))));
            await client.DisconnectAsync(true);
        }
        using (var client = await fx.Destination.ConnectAsync(user)) await client.DisconnectAsync(true);
        return user;
    }

    /// <summary>The number of messages in the user's INBOX on <paramref name="server"/>, read with an independent client.</summary>
    public static async Task<int> InboxCountAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        int count = client.Inbox.Count;
        await client.DisconnectAsync(true);
        return count;
    }

    /// <summary>Messages written to a Maildir tree (files in <c>cur</c>/<c>new</c>), 0 when it does not exist.</summary>
    public static int MaildirCount(string root) => !Directory.Exists(root) ? 0
        : Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Count(f => Path.GetFileName(Path.GetDirectoryName(f)) is "cur" or "new");
}
