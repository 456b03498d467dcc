using System.Text;
using ImapTools.TestBed;
using ImapTools.Tools.MboxTests;
using MailKit;
using static ImapTools.Tools.MboxTests.MboxTestHelpers;

namespace ImapTools.Tools.MboxToImap.Tests;

/// <summary>MboxtoIMAP flags and error paths.</summary>
[Collection(DovecotCollections.Pair)]
public sealed class MboxtoImapTests(DovecotPairFixture fx)
{
    private static string Record(int i, string body = "text") =>
        $"From sender@example.org Mon Jan  1 10:00:0{i % 10} 2018\nFrom: s@example.org\nSubject: m{i}\nMessage-ID: <m{i}@example.org>\n\n{body} {i}\n\n";

    private static async Task<string[]> FolderNamesAsync(DovecotServer server, string user) =>
        (await SnapshotAsync(server, user)).FolderNames.ToArray();

    [Fact]
    public async Task Missing_file_is_one_line_and_exit_5()
    {
        string user = TestUsers.Unique("mbxmiss");
        var r = await ToolRunner.RunAsync("MboxtoIMAP", "-i", fx.Destination.Conn(user), "-f", "/nonexistent/mbox");
        AssertExit(r, 5);
        Assert.Equal("mfile /nonexistent/mbox does not exist", r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public async Task File_without_from_line_imports_nothing_and_exits_5()
    {
        string dir = TempDir("mbxbad");
        string file = Path.Combine(dir, "Broken");
        File.WriteAllText(file, "Subject: no separator\n\nbody\n\n" + Record(1));
        string user = TestUsers.Unique("mbxbad");
        var r = await ToolRunner.RunAsync("MboxtoIMAP", "-i", fx.Destination.Conn(user), "-f", file);
        AssertExit(r, 5);
        Assert.Contains($"{file} is not an mbox file: it does not start with a From_ line", r.StdErr);
        Assert.Equal(["INBOX"], await FolderNamesAsync(fx.Destination, user));
        Assert.Empty((await SnapshotAsync(fx.Destination, user)).Folders["INBOX"]);

        // In a -m directory the file is skipped with a warning and the good files are imported.
        File.WriteAllText(Path.Combine(dir, "Good"), Record(1) + Record(2));
        var m = await ToolRunner.RunAsync("MboxtoIMAP", "-i", fx.Destination.Conn(user), "-m", dir);
        AssertExit(m);
        Assert.Contains("Skipping " + file + ": not an mbox file", m.StdErr);
        Assert.Equal(2, (await MessagesAsync(fx.Destination, user, "Good")).Count);
        Assert.DoesNotContain("Broken", await FolderNamesAsync(fx.Destination, user));
    }

    [Fact]
    public async Task Range_target_name_root_and_remove_after_copy()
    {
        string dir = TempDir("mbxr");
        string file = Path.Combine(dir, "five.mbox");
        File.WriteAllText(file, string.Concat(Enumerable.Range(1, 5).Select(i => Record(i, i == 3 ? "From inside" : "text"))));
        string user = TestUsers.Unique("mbxr");
        var r = await ToolRunner.RunAsync("MboxtoIMAP", "-i", fx.Destination.Conn(user), "-f", file, "-n", "Target", "-p", "Root", "-r", "2-4", "-R");
        AssertExit(r);
        Assert.Contains("Migrating Mbox message numbers between 2 and 4", r.StdErr);
        Assert.Contains("Copying to mbx Root/Target", r.StdErr);
        Assert.Contains("Installed new version of mailfile", r.StdErr);
        var copied = await MessagesAsync(fx.Destination, user, "Root/Target");
        Assert.Equal(["m2", "m3", "m4"], copied.Select(m => m.Subject).Order().ToArray());
        Assert.Equal(new DateTimeOffset(2018, 1, 1, 10, 0, 2, TimeSpan.Zero), copied.Single(m => m.Subject == "m2").Date.ToUniversalTime());
        // The rest of the file is kept byte for byte.
        Assert.Equal(Record(1) + Record(5), File.ReadAllText(file));

        // Without -n the file's base name (without .mbox) is the mailbox.
        var again = await ToolRunner.RunAsync("MboxtoIMAP", "-i", fx.Destination.Conn(user), "-f", file);
        AssertExit(again);
        Assert.Equal(["m1", "m5"], (await MessagesAsync(fx.Destination, user, "five")).Select(m => m.Subject).Order().ToArray());
    }

    [Fact]
    public async Task Bad_login_and_bad_range_exit_codes()
    {
        string dir = TempDir("mbxl");
        File.WriteAllText(Path.Combine(dir, "x"), Record(1));
        var bad = await ToolRunner.RunAsync("MboxtoIMAP", "-i", $"{fx.Destination.Host}:{fx.Destination.ImapPort}/nosuchuser/wrong", "-m", dir);
        AssertExit(bad, 4);
        var range = await ToolRunner.RunAsync("MboxtoIMAP", "-i", fx.Destination.Conn("u"), "-m", dir, "-r", "abc");
        AssertExit(range, 2);
        Assert.Contains("Invalid range 'abc' for -r", range.StdErr);
    }
}
