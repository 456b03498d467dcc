using System.Text;
using ImapTools.TestBed;
using MailKit;
using static ImapTools.Tools.MboxTests.MboxTestHelpers;

namespace ImapTools.Tools.ThunderbirdToImap.Tests;

/// <summary>thunderbird_to_imap imports the sample profile (samples/thunderbird) with the right folders, flags, dates and bytes.</summary>
[Collection(DovecotCollections.Mixed)]
public sealed class ThunderbirdToImapTests(DovecotMixedFixture fx)
{
    private static string Sample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "thunderbird", "Local Folders");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("samples/thunderbird/Local Folders not found above " + AppContext.BaseDirectory);
    }

    private static string Body(string file, string subject)
    {
        // The message as Thunderbird stored it: From_ line and separating blank line removed, CRLF line ends.
        string text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
        var records = text.Split("\nFrom - ").Select((r, i) => i == 0 ? r : "From - " + r);
        string record = records.Single(r => r.Contains("Subject: " + subject + "\n", StringComparison.Ordinal));
        string message = record[(record.IndexOf('\n') + 1)..];
        if (message.EndsWith("\n\n", StringComparison.Ordinal)) message = message[..^1];
        return message.Replace("\n", "\r\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_profile_imports_folders_flags_dates_and_bytes()
    {
        string root = Sample();
        string user = TestUsers.Unique("tb");
        var r = await ToolRunner.RunAsync("thunderbird_to_imap", "-i", fx.Destination.Conn(user), "-m", root);
        AssertExit(r);
        Assert.Contains("Skipping ", r.StdErr);          // feeds.rdf is not a folder
        Assert.Contains("feeds.rdf", r.StdErr);
        Assert.Contains("Skipped 1 deleted (expunged, not compacted) messages", r.StdOut);
        Assert.Contains("   Msgs copied         8", r.StdOut);

        var snap = await SnapshotAsync(fx.Destination, user);
        Assert.Equal(["Archives", "Archives/2013", "INBOX", "Réunions", "Sent", "Trash"], snap.FolderNames);
        Assert.Empty(snap.Folders["Trash"]);

        var inbox = await MessagesAsync(fx.Destination, user, "INBOX");
        Assert.Equal(4, inbox.Count);
        Assert.DoesNotContain(inbox, m => m.Subject == "deleted but not compacted");
        var read = inbox.Single(m => m.Subject == "read message");
        Assert.Equal(MessageFlags.Seen, read.Flags);
        Assert.Equal(new DateTimeOffset(2012, 3, 5, 14, 59, 0, TimeSpan.Zero), read.Date.ToUniversalTime());
        Assert.Equal(Body(Path.Combine(root, "Inbox"), "read message"), Encoding.UTF8.GetString(read.Raw));
        var replied = inbox.Single(m => m.Subject == "read and replied");
        Assert.Equal(MessageFlags.Seen | MessageFlags.Answered, replied.Flags);
        Assert.Contains("\r\n>From the archives", Encoding.UTF8.GetString(replied.Raw));
        var starred = inbox.Single(m => m.Subject == "flagged forwarded labelled");
        Assert.Equal(MessageFlags.Seen | MessageFlags.Flagged, starred.Flags);
        Assert.Equal(["$Forwarded", "$label1", "todo"], starred.Keywords);
        var unread = inbox.Single(m => m.Subject == "new unread without date or id");
        Assert.Equal(MessageFlags.None, unread.Flags);
        Assert.Equal(new DateTimeOffset(2012, 3, 9, 13, 0, 0, TimeSpan.Zero), unread.Date.ToUniversalTime());

        var archived = Assert.Single(await MessagesAsync(fx.Destination, user, "Archives"));
        Assert.Equal(MessageFlags.Seen, archived.Flags);          // 0x0011: read + has-Re, not "answered"
        Assert.Equal(["$label4"], archived.Keywords);
        var crlf = Assert.Single(await MessagesAsync(fx.Destination, user, "Archives/2013"));
        Assert.Equal(MessageFlags.Flagged, crlf.Flags);
        Assert.Equal(Body(Path.Combine(root, "Archives.sbd", "2013"), "flagged, unread, CRLF file"), Encoding.UTF8.GetString(crlf.Raw));

        // -U: a second run copies nothing.
        var again = await ToolRunner.RunAsync("thunderbird_to_imap", "-i", fx.Destination.Conn(user), "-m", root, "-U");
        AssertExit(again);
        Assert.Contains("   Msgs copied         0", again.StdOut);
    }

    [Fact]
    public async Task Include_list_root_and_range()
    {
        string user = TestUsers.Unique("tbsel");
        var r = await ToolRunner.RunAsync("thunderbird_to_imap", "-i", fx.Destination.Conn(user), "-m", Sample(), "-M", "Inbox,Archives.sbd/2013", "-r", "Old", "-R", "2:3");
        AssertExit(r);
        var snap = await SnapshotAsync(fx.Destination, user);
        Assert.Contains("Old/INBOX", snap.FolderNames);
        Assert.Contains("Old/Archives/2013", snap.FolderNames);
        Assert.DoesNotContain("Sent", snap.FolderNames);
        Assert.DoesNotContain("Old/Sent", snap.FolderNames);
        // Messages 2 and 3 of Inbox; 3 is expunged, so only 2 arrives. 2013 has one message: out of range.
        Assert.Equal(["read and replied"], (await MessagesAsync(fx.Destination, user, "Old/INBOX")).Select(m => m.Subject));
        Assert.Empty(snap.Folders["Old/Archives/2013"]);
    }

    [Fact]
    public async Task Missing_directory_is_one_line_and_exit_5()
    {
        var r = await ToolRunner.RunAsync("thunderbird_to_imap", "-i", fx.Destination.Conn("tbx"), "-m", "/nonexistent/profile");
        AssertExit(r, 5);
        Assert.Equal("/nonexistent/profile does not exist", r.StdErr.Trim());
    }
}
