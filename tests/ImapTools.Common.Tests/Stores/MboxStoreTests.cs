using System.Diagnostics;
using System.Text;
using ImapTools.Common.Copy;
using ImapTools.Common.Stores.Mbox;
using MailKit;
using MimeKit;

namespace ImapTools.Common.Tests.Stores;

/// <summary>The mbox store: byte-exact round trip, mboxrd quoting, status fields, From_ line, folder index, bad files.</summary>
public sealed class MboxStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mboxstore").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly DateTimeOffset When = new(2021, 3, 5, 9, 59, 7, TimeSpan.FromHours(-5));

    internal static byte[] Crlf(string text) => Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal));

    private static MessageContent Content(byte[] data, MessageFlags flags, DateTimeOffset? date, params string[] keywords) =>
        new(new MessageRecord("k", flags, keywords.ToHashSet(), date, data.Length), data);

    private static readonly byte[] Tricky = Crlf(
        "Return-Path: <bounce@example.org>\nFrom: Alice <alice@example.org>\nSubject: quoting\nMessage-ID: <q1@example.org>\n\n" +
        "From the start\n>From quoted once\n>>From twice\nFrom: not a header\n\nFrom here too\nend\n");

    private static readonly byte[] NoId = Crlf("From: Bob <bob@example.org>\nSubject: no id\nStatus: RO\nX-Status: F\n\nbody with Status fields of its own\n");

    private async Task<List<MessageContent>> WriteAndReadAsync(params MessageContent[] messages)
    {
        var store = new MboxStore(_dir);
        var sink = store.OpenSink("Archive/2019");
        Assert.All(await sink.WriteAsync(messages, default), Assert.True);
        var source = new MboxStore(_dir).OpenSource("Archive/2019");
        var listed = await source.ListAsync(default);
        return (await source.ReadAsync(listed, default)).ToList();
    }

    [Fact]
    public async Task Round_trip_keeps_bytes_flags_keywords_and_internal_date()
    {
        var read = await WriteAndReadAsync(
            Content(Tricky, MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Draft | MessageFlags.Deleted, When, "$label1", "Project-X"),
            Content(NoId, MessageFlags.None, When.AddDays(1)));
        Assert.Equal(2, read.Count);
        Assert.Equal(Tricky, read[0].Data);
        Assert.Equal(MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Draft | MessageFlags.Deleted, read[0].Record.Flags);
        Assert.Equal(["$label1", "Project-X"], read[0].Record.Keywords.Order(StringComparer.Ordinal));
        Assert.Equal(When.UtcDateTime, read[0].Record.InternalDate!.Value.UtcDateTime);
        Assert.Equal("<q1@example.org>", read[0].Record.Key);
        // The message's own Status/X-Status fields stay; only the writer's are removed and only they give the flags.
        Assert.Equal(NoId, read[1].Data);
        Assert.Equal(MessageFlags.None, read[1].Record.Flags);
        Assert.Equal(MboxFolderSource.KeyOf(NoId), read[1].Record.Key);
        Assert.StartsWith("From: Bob", Encoding.UTF8.GetString(read[1].Data));
    }

    [Fact]
    public async Task File_is_mboxrd_with_from_line_status_fields_and_lf()
    {
        await WriteAndReadAsync(Content(Tricky, MessageFlags.Seen | MessageFlags.Flagged, When, "Junk"));
        string text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_dir, "Archive-2019")));
        Assert.StartsWith("From bounce@example.org Fri Mar  5 14:59:07 2021\n", text);
        Assert.DoesNotContain("\r", text);
        Assert.Contains("Message-ID: <q1@example.org>\nStatus: RO\nX-Status: F\nX-Keywords: Junk\n\n>From the start\n>>From quoted once\n>>>From twice\nFrom: not a header\n\n>From here too\nend\n\n", text);
        Assert.EndsWith("end\n\n", text);
        Assert.Contains("Archive-2019\tArchive/2019", File.ReadAllText(Path.Combine(_dir, MboxStore.IndexFileName)));
        Assert.Equal(["Archive/2019"], new MboxStore(_dir).ListFolders());
    }

    [Fact]
    public async Task Independent_readers_see_every_message()
    {
        var messages = Enumerable.Range(1, 5).Select(i => Content(i % 2 == 0 ? Tricky : NoId, MessageFlags.Seen, When.AddHours(i))).ToArray();
        await WriteAndReadAsync(messages);
        string file = Path.Combine(_dir, "Archive-2019");

        using (var stream = File.OpenRead(file))
        {
            var parser = new MimeParser(stream, MimeFormat.Mbox);
            int count = 0;
            while (!parser.IsEndOfStream) { parser.ParseMessage(); count++; }
            Assert.Equal(5, count);
        }

        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "import mailbox,sys; b=mailbox.mbox(sys.argv[1]); print(len(b)); print('|'.join(m['Subject'] for m in b))", file })
            psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception) { return; } // no python3 on this machine
        string output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, await p.StandardError.ReadToEndAsync());
        var lines = output.Split('\n');
        Assert.Equal("5", lines[0]);
        Assert.Equal("no id|quoting|no id|quoting|no id", lines[1]);
    }

    [Fact]
    public async Task Foreign_mutt_file_gives_flags_and_keeps_its_fields()
    {
        string file = Path.Combine(_dir, "mutt");
        File.WriteAllText(file,
            "From someone@example.org Tue Jan  2 03:04:05 2018\nFrom: x@example.org\nSubject: one\nStatus: RO\nX-Status: A\nContent-Length: 5\n\nhello\n\n" +
            "From someone@example.org Tue Jan  2 03:04:06 2018 +0100\nFrom: y@example.org\nSubject: two\n\n>From me\n");
        var source = MboxStore.ForFile(file, "INBOX").OpenSource("INBOX");
        var listed = await source.ListAsync(default);
        Assert.Equal(2, listed.Count);
        Assert.Equal(MessageFlags.Seen | MessageFlags.Answered, listed[0].Flags);
        Assert.Equal(new DateTimeOffset(2018, 1, 2, 3, 4, 5, TimeSpan.Zero), listed[0].InternalDate);
        Assert.Equal(new DateTimeOffset(2018, 1, 2, 3, 4, 6, TimeSpan.FromHours(1)), listed[1].InternalDate);
        var read = await source.ReadAsync(listed, default);
        Assert.Equal(Crlf("From: x@example.org\nSubject: one\nStatus: RO\nX-Status: A\nContent-Length: 5\n\nhello\n"), read[0].Data);
        Assert.Equal(Crlf("From: y@example.org\nSubject: two\n\nFrom me\n"), read[1].Data);
    }

    [Fact]
    public async Task A_file_without_from_line_is_not_an_mbox()
    {
        string file = Path.Combine(_dir, "bad");
        File.WriteAllText(file, "Subject: hi\n\nno From_ line\n");
        var e = await Assert.ThrowsAsync<FormatException>(() => MboxStore.ForFile(file, "X").OpenSource("X").ListAsync(default));
        Assert.Contains("does not start with a From_ line", e.Message);
        var skipped = new List<string>();
        var store = new MboxStore(_dir) { Skipped = skipped.Add };
        Assert.Empty(store.ListFolders());
        Assert.Single(skipped);
    }

    [Fact]
    public void Directory_without_index_names_folders_by_path_and_drops_mbox_extension()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "Lists"));
        File.WriteAllText(Path.Combine(_dir, "Lists", "dev.mbox"), "From a Mon Jan  1 00:00:00 2018\n\nx\n");
        File.WriteAllText(Path.Combine(_dir, "INBOX"), "From a Mon Jan  1 00:00:00 2018\n\nx\n");
        File.WriteAllText(Path.Combine(_dir, "empty"), "");
        Assert.Equal(["INBOX", "Lists/dev"], new MboxStore(_dir).ListFolders().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Remove_messages_rewrites_the_file_keeping_the_rest_byte_for_byte()
    {
        var all = Enumerable.Range(1, 3).Select(i => Content(Crlf($"Subject: m{i}\n\nFrom body {i}\n"), MessageFlags.None, When)).ToArray();
        await WriteAndReadAsync(all);
        string file = Path.Combine(_dir, "Archive-2019");
        string before = File.ReadAllText(file);
        Assert.Equal(1, MboxFile.RemoveMessages(file, e => e.Number != 2, default));
        string after = File.ReadAllText(file);
        var parts = before.Split("From MAILER-DAEMON");
        Assert.Equal(4, parts.Length);
        Assert.Equal("From MAILER-DAEMON" + parts[1] + "From MAILER-DAEMON" + parts[3], after);
        Assert.DoesNotContain("m2", after);
        Assert.Contains("m3", after);
    }
}
