using ImapTools.TestBed;
using MailKit;

namespace ImapTools.Tools.ImapDump.Tests;

/// <summary>imapdump against a real Dovecot: layout, update modes, -r, users files and errors.</summary>
[Collection(DovecotCollections.Pair)]
public sealed class ImapDumpTests(DovecotPairFixture fx) : IDisposable
{
    private readonly string _dir = AccountHelpers.TempDirectory("imaptools-imapdump-");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<ToolResult> Dump(params string[] args) => ToolRunner.RunAsync("imapdump", args);

    private List<string> Files(string user, string mailbox) =>
        Directory.GetFiles(Path.Combine(_dir, user, mailbox)).Select(f => Path.GetFileName(f)!).Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Update_mode_dumps_only_new_messages_including_ones_without_Message_ID()
    {
        string user = TestUsers.Unique("dumpu");
        await AccountHelpers.AppendAsync(fx.Source, user, "INBOX", AccountHelpers.Mail("a", "a@x"), MessageFlags.Seen);
        await AccountHelpers.AppendAsync(fx.Source, user, "INBOX", AccountHelpers.Mail("b", null));
        await AccountHelpers.AppendAsync(fx.Source, user, "INBOX", AccountHelpers.Mail("c", null, "Tue, 6 Mar 2012 11:00:00 +0100"));
        Assert.Equal(0, (await Dump("-S", fx.Source.Conn(user), "-f", _dir, "-s", "-x", "eml")).ExitCode);
        Assert.Equal(["1.eml,S", "2.eml", "3.eml"], Files(user, "INBOX"));
        Assert.Equal(AccountHelpers.Mail("a", "a@x"), File.ReadAllBytes(Path.Combine(_dir, user, "INBOX", "1.eml,S")));

        var again = await Dump("-S", fx.Source.Conn(user), "-f", _dir, "-s", "-x", "eml", "-U");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Running in Update mode", again.Lines);
        Assert.DoesNotContain(again.Lines, l => l.StartsWith("Dumped"));
        Assert.Equal(3, Files(user, "INBOX").Count);

        await AccountHelpers.AppendAsync(fx.Source, user, "INBOX", AccountHelpers.Mail("d", null, "Wed, 7 Mar 2012 11:00:00 +0100"));
        var third = await Dump("-S", fx.Source.Conn(user), "-f", _dir, "-s", "-x", "eml", "-U");
        Assert.Contains("Dumped 1 messages in INBOX", third.Lines);
        Assert.Equal(["1.eml,S", "2.eml", "3.eml", "4.eml"], Files(user, "INBOX"));
    }

    [Fact]
    public async Task No_duplicates_mode_is_account_wide_and_remove_deletes_only_what_was_dumped()
    {
        string user = TestUsers.Unique("dumpn");
        await AccountHelpers.AppendAsync(fx.Source, user, "INBOX", AccountHelpers.Mail("same", "same@x"));
        await AccountHelpers.AppendAsync(fx.Source, user, "Sent", AccountHelpers.Mail("same", "same@x"));
        await AccountHelpers.AppendAsync(fx.Source, user, "Sent", AccountHelpers.Mail("other", "other@x"));
        var first = await Dump("-S", fx.Source.Conn(user), "-f", _dir, "-u");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(File.Exists(Path.Combine(_dir, user, "dumped.keys")));
        Assert.Equal(2, Files(user, "INBOX").Count + Files(user, "Sent").Count);

        var second = await Dump("-S", fx.Source.Conn(user), "-f", _dir, "-u", "-r", "-m", "Sent");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Single(Files(user, "Sent"));
        Assert.Equal(2, (await AccountHelpers.ListAsync(fx.Source, user, "Sent")).Count);   // nothing new dumped, nothing removed

        string other = TestUsers.Unique("dumpr");
        await AccountHelpers.AppendAsync(fx.Source, other, "INBOX", AccountHelpers.Mail("x", "x@x"));
        await AccountHelpers.AppendAsync(fx.Source, other, "INBOX", AccountHelpers.Mail("y", "y@x"), MessageFlags.Deleted);
        Assert.Equal(0, (await Dump("-S", fx.Source.Conn(other), "-f", _dir, "-r", "-F", "Unseen")).ExitCode);
        Assert.Equal(2, Files(other, "INBOX").Count);
        Assert.Empty(await AccountHelpers.ListAsync(fx.Source, other, "INBOX"));
    }

    [Fact]
    public async Task A_users_file_dumps_each_user_into_its_own_directory()
    {
        string u1 = TestUsers.Unique("dumpl"), u2 = TestUsers.Unique("dumpl");
        await AccountHelpers.AppendAsync(fx.Source, u1, "INBOX", AccountHelpers.Mail("one", "1@x"));
        await AccountHelpers.AppendAsync(fx.Source, u2, "INBOX", AccountHelpers.Mail("two", "2@x"));
        string users = Path.Combine(_dir, "users.txt");
        File.WriteAllText(users, $"# accounts\n{u1}:{DovecotServer.Password}\n\n{u2}|{DovecotServer.Password}\n");
        var result = await Dump("-S", $"{fx.Source.Host}:{fx.Source.ImapPort}/ignored/x", "-l", users, "-f", Path.Combine(_dir, "out"), "-n", "2");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Dumping messages for {u1}", result.Lines);
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "out", u1, "INBOX"), "1"));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "out", u2, "INBOX"), "1"));
    }

    [Fact]
    public async Task Errors_are_one_line_with_an_exit_code()
    {
        var noUsers = await Dump("-S", fx.Source.Conn("x"), "-f", _dir, "-l", Path.Combine(_dir, "missing.txt"));
        Assert.Equal(5, noUsers.ExitCode);
        Assert.Equal($"Can't open users file {Path.Combine(_dir, "missing.txt")}: No such file or directory", noUsers.StdErr.Trim());

        var noDir = await Dump("-S", fx.Source.Conn("x"));
        Assert.Equal(2, noDir.ExitCode);
        Assert.Single(noDir.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var badLogin = await Dump("-S", $"{fx.Source.Host}:{fx.Source.ImapPort}/x/wrong", "-f", _dir);
        Assert.Equal(4, badLogin.ExitCode);
        Assert.Single(badLogin.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
