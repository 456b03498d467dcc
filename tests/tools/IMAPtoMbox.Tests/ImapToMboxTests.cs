using System.Text;
using ImapTools.TestBed;
using MailKit;
using static ImapTools.Tools.MboxTests.MboxTestHelpers;

namespace ImapTools.Tools.ImapToMbox.Tests;

/// <summary>IMAPtoMbox: file layout, legacy output lines, -n, -M/-r, -F and error paths (dot-INBOX server as source).</summary>
[Collection(DovecotCollections.Mixed)]
public sealed class ImapToMboxTests(DovecotMixedFixture fx)
{
    private DovecotServer Dot => fx.Destination;

    [Fact]
    public async Task Layout_summary_and_update_mode()
    {
        string user = TestUsers.Unique("i2m");
        var when = new DateTimeOffset(2016, 2, 29, 23, 59, 58, TimeSpan.FromHours(-8));
        await AppendAsync(Dot, user, "INBOX", Mail("one@x", "one"), MessageFlags.Seen | MessageFlags.Answered, when, "Junk");
        await AppendAsync(Dot, user, "INBOX", Mail("", "no id"), MessageFlags.Draft, when);
        await AppendAsync(Dot, user, "Notes/2002", FromLines, MessageFlags.None, when);
        using (var c = await Dot.ConnectAsync(user)) Assert.NotNull(await FolderAsync(c, "Empty", create: true));
        string dir = Path.Combine(TempDir("i2m"), "out");   // created by the tool

        var r = await ToolRunner.RunAsync("IMAPtoMbox", "-i", Dot.Conn(user), "-m", dir);
        AssertExit(r);
        Assert.Equal("", r.StdOut);                        // the log goes to stderr
        Assert.Contains($"Mailfiles will be written to {dir}", r.StdErr);
        Assert.DoesNotContain(DovecotServer.Password, r.StdErr);
        Assert.Contains("   Notes/2002", r.StdErr);
        var summary = r.StdErr.Split('\n').SkipWhile(l => l != "Summary of results").Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal(["Empty", "INBOX", "Notes", "Notes/2002"], summary.Select(l => l.TrimEnd()[..l.TrimEnd().LastIndexOf(' ')].Trim()));
        Assert.All(summary, l => Assert.Equal(60, l.Length));
        Assert.Equal("INBOX".PadRight(50) + "2".PadRight(10), summary[1]);

        Assert.Equal(["Empty", "INBOX", "Notes", "Notes-2002"], Directory.GetFiles(dir).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).Order());
        Assert.Equal(0, new FileInfo(Path.Combine(dir, "Empty")).Length);
        string inbox = File.ReadAllText(Path.Combine(dir, "INBOX"));
        Assert.StartsWith("From a@example.org Tue Mar  1 07:59:58 2016\n", inbox);
        Assert.Contains("\nStatus: RO\nX-Status: A\nX-Keywords: Junk\n\nhello\n\nFrom a@example.org Tue Mar  1 07:59:58 2016\n", inbox);
        Assert.Contains("\nStatus: O\nX-Status: T\n\nhello\n", inbox);
        string notes = File.ReadAllText(Path.Combine(dir, "Notes-2002"));
        Assert.Contains("\n\n>From the start of a line\n>>From already quoted\n>>>From twice\n\n>From again after a blank line 2018\n", notes);

        // -n: nothing new is appended, also not the message without Message-ID.
        long size = new FileInfo(Path.Combine(dir, "INBOX")).Length;
        var again = await ToolRunner.RunAsync("IMAPtoMbox", "-i", Dot.Conn(user), "-m", dir, "-n");
        AssertExit(again);
        Assert.Equal(size, new FileInfo(Path.Combine(dir, "INBOX")).Length);
        Assert.Contains("INBOX".PadRight(50) + "0".PadRight(10), again.StdErr);

        // Without -n the file is appended to (legacy behaviour).
        AssertExit(await ToolRunner.RunAsync("IMAPtoMbox", "-i", Dot.Conn(user), "-m", dir, "-M", "INBOX"));
        Assert.True(new FileInfo(Path.Combine(dir, "INBOX")).Length == 2 * size);
    }

    [Fact]
    public async Task Selected_mailboxes_with_children_and_limit()
    {
        string user = TestUsers.Unique("i2msel");
        for (int i = 0; i < 3; i++) await AppendAsync(Dot, user, "Archive/2019", Mail($"a{i}@x", $"a{i}"));
        await AppendAsync(Dot, user, "Archive", Mail("top@x", "top"));
        await AppendAsync(Dot, user, "Archive2", Mail("sib@x", "sibling"));
        string dir = TempDir("i2msel");
        var r = await ToolRunner.RunAsync("IMAPtoMbox", "-i", Dot.Conn(user), "-m", dir, "-M", "Archive", "-r", "-F", "2");
        AssertExit(r);
        Assert.Equal(["Archive", "Archive-2019"], Directory.GetFiles(dir).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).Order());
        string text = File.ReadAllText(Path.Combine(dir, "Archive-2019"));
        Assert.Equal(2, text.Split("\nFrom ").Length);      // -F 2: two records
    }

    [Fact]
    public async Task Error_paths_give_one_line_and_an_exit_code()
    {
        var noDir = await ToolRunner.RunAsync("IMAPtoMbox", "-i", Dot.Conn("x"));
        AssertExit(noDir, 2);
        Assert.Contains("You must specify the file directory where messages will be written using the -m argument.", noDir.StdErr);

        var badLogin = await ToolRunner.RunAsync("IMAPtoMbox", "-i", $"{Dot.Host}:{Dot.ImapPort}/nobody/wrong", "-m", TempDir("i2mbad"));
        AssertExit(badLogin, 4);
        Assert.DoesNotContain("   at ", badLogin.StdErr);
        Assert.DoesNotContain("wrong", badLogin.StdErr);

        string file = Path.Combine(TempDir("i2mfile"), "plainfile");
        File.WriteAllText(file, "x");
        var notDir = await ToolRunner.RunAsync("IMAPtoMbox", "-i", Dot.Conn("x"), "-m", file);
        AssertExit(notDir, 5);
        Assert.StartsWith($"Error creating {file}:", notDir.StdErr.Trim().Split('\n').Last());
    }
}
