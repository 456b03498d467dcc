using System.Text;
using ImapTools.TestBed;
using ImapTools.Tools.MboxTests;
using MailKit;
using static ImapTools.Tools.MboxTests.MboxTestHelpers;

namespace ImapTools.Tools.MboxToImap.Tests;

/// <summary>IMAP → IMAPtoMbox → MboxtoIMAP → IMAP (slash namespace to dot-INBOX namespace): nothing changes.</summary>
[Collection(DovecotCollections.Mixed)]
public sealed class MboxRoundTripTests(DovecotMixedFixture fx)
{
    [Fact]
    public async Task Account_survives_the_round_trip_and_update_mode_copies_nothing_again()
    {
        string src = await NewAccountAsync(fx.Source, "mbxsrc", new CorpusSpec { MessageCount = 2000 });
        await AppendAsync(fx.Source, src, "INBOX", FromLines, MessageFlags.Seen | MessageFlags.Flagged, new DateTimeOffset(2019, 7, 1, 23, 30, 5, TimeSpan.FromHours(2)), "$label1");
        var before = await SnapshotAsync(fx.Source, src);
        string dir = TempDir("mbxrt");

        var export = await ToolRunner.RunAsync("IMAPtoMbox", "-i", fx.Source.Conn(src), "-m", dir);
        AssertExit(export);
        Assert.Contains("Summary of results", export.StdErr);
        Assert.True(File.Exists(Path.Combine(dir, "Archive-2019-Q1")), string.Join(",", Directory.GetFiles(dir)));
        Assert.True(File.Exists(Path.Combine(dir, "Café-Menü")));

        // Independent readers agree on the number of messages in INBOX.
        string inbox = Path.Combine(dir, "INBOX");
        int expected = before.Folders["INBOX"].Count;
        using (var stream = File.OpenRead(inbox))
        {
            var parser = new MimeKit.MimeParser(stream, MimeKit.MimeFormat.Mbox);
            int n = 0;
            while (!parser.IsEndOfStream) { parser.ParseMessage(); n++; }
            Assert.Equal(expected, n);
        }
        string? python = await PythonAsync(
            "import mailbox,sys\nb=mailbox.mbox(sys.argv[1])\nprint(len(b))\nm=[x for x in b if x['Subject']=='From lines'][0]\nprint(m.get_flags())\nprint(m.get_payload().splitlines()[0])", inbox);
        if (python is not null)
        {
            var lines = python.Split('\n');
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[0]);
            Assert.Equal("FOR", string.Concat(lines[1].Order()));
            Assert.Equal(">From the start of a line", lines[2]);   // mboxrd-quoted on disk
        }

        string dst = TestUsers.Unique("mbxdst");
        var import = await ToolRunner.RunAsync("MboxtoIMAP", "-i", fx.Destination.Conn(dst), "-m", dir);
        AssertExit(import);
        Assert.Contains($"   Total Msgs {before.MessageCount}", import.StdErr);
        var after = await SnapshotAsync(fx.Destination, dst);
        Assert.Empty(before.Diff(after));

        var again = await ToolRunner.RunAsync("MboxtoIMAP", "-i", fx.Destination.Conn(dst), "-m", dir, "-U");
        AssertExit(again);
        Assert.Contains("Running in update mode", again.StdErr);
        Assert.Contains("   Total Msgs 0", again.StdErr);
        Assert.Equal(before.MessageCount, (await SnapshotAsync(fx.Destination, dst)).MessageCount);
    }

    [Fact]
    public async Task An_mbox_written_by_python_imports_with_flags_dates_and_unquoted_lines()
    {
        string dir = TempDir("mbxpy");
        string file = Path.Combine(dir, "py.mbox");
        string? ok = await PythonAsync("""
import mailbox,sys,email.utils
b=mailbox.mbox(sys.argv[1])
m=mailbox.mboxMessage("From: p@example.org\nSubject: py one\nMessage-ID: <py1@example.org>\n\nFrom here\nbye\n")
m.set_from('p@example.org', (2020,5,17,8,9,10,0,0,0))
m.set_flags('RA')
b.add(m)
m=mailbox.mboxMessage("From: p@example.org\nSubject: py two\n\nsecond\n")
m.set_from('p@example.org', (2020,5,18,8,9,10,0,0,0))
m.set_flags('F')
b.add(m)
b.flush()
""", file);
        if (ok is null) return; // no python3 here
        string dst = TestUsers.Unique("mbxpy");
        var r = await ToolRunner.RunAsync("MboxtoIMAP", "-i", fx.Destination.Conn(dst), "-f", file);
        AssertExit(r);
        var messages = await MessagesAsync(fx.Destination, dst, "py");
        Assert.Equal(2, messages.Count);
        var one = messages.Single(m => m.Subject == "py one");
        Assert.Equal(MessageFlags.Seen | MessageFlags.Answered, one.Flags);
        Assert.Equal(new DateTimeOffset(2020, 5, 17, 8, 9, 10, TimeSpan.Zero), one.Date.ToUniversalTime());
        string text = Encoding.UTF8.GetString(one.Raw);
        Assert.DoesNotContain("Status:", text);
        Assert.Contains("\r\n\r\nFrom here\r\nbye\r\n", text);
        Assert.Equal(MessageFlags.Flagged, messages.Single(m => m.Subject == "py two").Flags);
    }
}
