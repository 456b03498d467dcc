using System.Text;
using ImapTools.TestBed;
using MailKit;
using static ImapTools.Tools.MboxTests.MboxTestHelpers;

namespace ImapTools.Tools.MbxImapSync.Tests;

/// <summary>mbxIMAPsync adds exactly what the mailbox lacks and deletes exactly what the file lacks.</summary>
[Collection(DovecotCollections.Pair)]
public sealed class MbxImapSyncTests(DovecotPairFixture fx)
{
    private static string NoId(string subject) =>
        $"From: n@example.org\r\nTo: b@example.org\r\nSubject: {subject}\r\nDate: Mon, 1 Jan 2018 10:00:00 +0000\r\n\r\nno id {subject}\r\n";

    private static string Mbox(params string[] messages) =>
        string.Concat(messages.Select((m, i) => $"From sender@example.org Mon Jan  1 10:00:0{i} 2018\n" + m.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n"));

    private async Task<List<(string Subject, MessageFlags Flags, UniqueId Uid)>> StateAsync(string user)
    {
        using var client = await fx.Source.ConnectAsync(user);
        var f = await client.GetFolderAsync("Sync");
        await f.OpenAsync(FolderAccess.ReadOnly);
        var list = f.Count == 0 ? [] : (await f.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Envelope))
            .Select(s => (s.Envelope?.Subject ?? "", (s.Flags ?? 0) & ~MessageFlags.Recent, s.UniqueId)).ToList();
        await client.DisconnectAsync(true);
        return list;
    }

    [Fact]
    public async Task Adds_and_deletes_exactly_the_differences_including_messages_without_message_id()
    {
        string user = TestUsers.Unique("sync");
        await AppendAsync(fx.Source, user, "Sync", Mail("a@x", "A"), MessageFlags.Deleted);   // in the file: must survive although \Deleted
        await AppendAsync(fx.Source, user, "Sync", Mail("b@x", "B"));                          // not in the file: purged
        await AppendAsync(fx.Source, user, "Sync", NoId("C"), MessageFlags.Seen);               // in the file (no Message-ID)
        await AppendAsync(fx.Source, user, "Sync", NoId("D"));                                  // not in the file (no Message-ID): purged
        var before = await StateAsync(user);

        string dir = TempDir("sync");
        string file = Path.Combine(dir, "spool");
        File.WriteAllText(file, Mbox(Mail("a@x", "A"), NoId("C"), Mail("e@x", "E", "From me\n>From you"), NoId("F")));

        var r = await ToolRunner.RunAsync("mbxIMAPsync", "-f", file, "-i", fx.Source.Conn(user), "-m", "Sync");
        AssertExit(r);
        Assert.Contains("Checking for messages to add", r.StdOut);
        Assert.Contains("   Marked msgid <b@x> for deletion", r.StdOut);
        Assert.Contains("Added  2 messages to IMAP mailbox Sync", r.StdOut);
        Assert.Contains("Purged 2 messages from IMAP mailbox Sync", r.StdOut);
        Assert.DoesNotContain(">> ", r.StdErr);   // no forced protocol trace

        var after = await StateAsync(user);
        Assert.Equal(["A", "C", "E", "F"], after.Select(m => m.Subject).Order());
        // Kept messages are the same messages (same UIDs, flags untouched).
        Assert.Equal(before.Single(m => m.Subject == "A").Uid, after.Single(m => m.Subject == "A").Uid);
        Assert.Equal(MessageFlags.Deleted, after.Single(m => m.Subject == "A").Flags);
        Assert.Equal(before.Single(m => m.Subject == "C").Uid, after.Single(m => m.Subject == "C").Uid);
        var e = (await MessagesAsync(fx.Source, user, "Sync")).Single(m => m.Subject == "E");
        // An unquoted body "From " line without a year does not split the message; ">From" is mboxrd-unquoted.
        Assert.Contains("\r\n\r\nFrom me\r\nFrom you\r\n", Encoding.UTF8.GetString(e.Raw));

        var again = await ToolRunner.RunAsync("mbxIMAPsync", "-f", file, "-i", fx.Source.Conn(user), "-m", "Sync");
        AssertExit(again);
        Assert.Contains("Added  0 messages", again.StdOut);
        Assert.Contains("Purged 0 messages", again.StdOut);
        Assert.Equal(after.Select(m => m.Uid).Order(), (await StateAsync(user)).Select(m => m.Uid).Order());
    }

    [Fact]
    public async Task Missing_or_malformed_file_changes_nothing()
    {
        string user = TestUsers.Unique("syncbad");
        await AppendAsync(fx.Source, user, "Sync", Mail("keep@x", "keep"));
        var missing = await ToolRunner.RunAsync("mbxIMAPsync", "-f", "/nonexistent/spool", "-i", fx.Source.Conn(user), "-m", "Sync");
        AssertExit(missing, 5);
        Assert.Equal("/nonexistent/spool does not exist", missing.StdErr.Trim().Split('\n').Last());

        string file = Path.Combine(TempDir("syncbad"), "spool");
        File.WriteAllText(file, "Subject: not an mbox\n\nbody\n");
        var bad = await ToolRunner.RunAsync("mbxIMAPsync", "-f", file, "-i", fx.Source.Conn(user), "-m", "Sync");
        AssertExit(bad, 5);
        Assert.Contains("is not an mbox file: it does not start with a From_ line; nothing was changed", bad.StdErr);
        Assert.Equal(["keep"], (await StateAsync(user)).Select(m => m.Subject));
    }
}
