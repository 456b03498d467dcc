using ImapTools.TestBed;
using MailKit;

namespace ImapTools.Tools.ImapFilter.Tests;

/// <summary>Users files, admin login, LocalServer, -X, and the error paths (bad rules files, missing flags, refused logins).</summary>
[Collection(DovecotCollections.Pair)]
public sealed class AccountsAndErrorTests(DovecotPairFixture fx) : FilterTestBase(fx)
{
    private string HostOnly => $"{Src.Host}:{Src.ImapPort}";

    [Fact]
    public async Task Users_file_with_admin_filters_every_user_and_never_prints_a_password()
    {
        string u1 = TestUsers.Unique("admin-a"), u2 = TestUsers.Unique("admin-b");
        foreach (string u in new[] { u1, u2 })
        {
            await AppendAsync(Src, u, "INBOX", Mail($"junk for {u}"));
            await AppendAsync(Src, u, "INBOX", Mail($"mail for {u}"));
        }
        string users = WriteFile("users.txt", $"# users\n{u1}\n\n  {u2}\n");
        var r = await Filter("-S", HostOnly, "-u", users, "-E", $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}",
            "-r", Rules("Subject\t^junk\tINBOX\tJunk"));
        AssertExit(r);
        foreach (string u in new[] { u1, u2 })
        {
            Assert.Equal([$"junk for {u}"], await SubjectsAsync(Src, u, "Junk"));
            Assert.Equal([$"mail for {u}"], await SubjectsAsync(Src, u, "INBOX"));
            Assert.Contains(u, r.Lines);
        }
        Assert.Equal(2, r.Lines.Count(l => l == "1 total messages moved"));
        Assert.DoesNotContain(DovecotServer.MasterPassword, r.StdOut + r.StdErr);
    }

    [Fact]
    public async Task Users_file_with_passwords_continues_after_a_refused_login()
    {
        string good = TestUsers.Unique("users-ok");
        await AppendAsync(Src, good, "INBOX", Mail("junk here"));
        string users = WriteFile("users2.txt", $"baduser:wrong-password\n{good}:{DovecotServer.Password}\r\n");
        var r = await Filter("-S", HostOnly, "-u", users, "-r", Rules("Subject\tjunk\tINBOX\tJunk"));
        AssertExit(r, 6);
        Assert.Contains("unexpected LOGIN response", r.StdErr);
        Assert.DoesNotContain("wrong-password", r.StdOut + r.StdErr);
        Assert.Equal(["junk here"], await SubjectsAsync(Src, good, "Junk"));
    }

    [Fact]
    public async Task LocalServer_line_supplies_host_and_credentials_when_S_is_absent()
    {
        string user = TestUsers.Unique("local");
        await AppendAsync(Src, user, "INBOX", Mail("move me"));
        var r = await Filter("-r", Rules($"LocalServer: {Src.Host}:{Src.ImapPort}/{user}/{DovecotServer.Password}", "Subject\tmove\tINBOX\tMoved"));
        AssertExit(r);
        Assert.Equal(["move me"], await SubjectsAsync(Src, user, "Moved"));
        Assert.DoesNotContain(r.Lines, l => l.StartsWith("rule LocalServer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task X_empties_the_trash_after_the_rules_but_not_in_test_mode()
    {
        string user = TestUsers.Unique("trash");
        await AppendAsync(Src, user, "Trash", Mail("old trash 1"));
        await AppendAsync(Src, user, "Trash", Mail("old trash 2"), MessageFlags.Seen);
        await AppendAsync(Src, user, "INBOX", Mail("keep"));
        var test = await Filter("-S", Src.Conn(user), "-r", Rules("Subject\tnothing-matches\tINBOX\tX"), "-X", "Trash", "-t");
        AssertExit(test);
        Assert.Equal(2, (await SubjectsAsync(Src, user, "Trash")).Length);
        var r = await Filter("-S", Src.Conn(user), "-r", Rules("Subject\tnothing-matches\tINBOX\tX"), "-X", "Trash");
        AssertExit(r);
        Assert.Contains("Expunging Trash mailbox", r.Lines);
        Assert.Empty(await SubjectsAsync(Src, user, "Trash"));
        Assert.Equal(["keep"], await SubjectsAsync(Src, user, "INBOX"));
    }

    [Theory]
    [InlineData("Subject hello INBOX Junk", "Line 2 in rules file {0} is not in tab-delimited format")]
    [InlineData("Subject\t(unclosed\tINBOX\tJunk", "Line 2 in rules file {0}: Invalid regular expression '(unclosed'")]
    [InlineData("Size\t~100\tINBOX\tBig", "Line 2 in rules file {0}: Unrecognized operation ~")]
    [InlineData("Date\t>not a date at all\tINBOX\tOld", "Line 2 in rules file {0}: 'not a date at all' is not a date")]
    [InlineData("Subject\t\thello\tINBOX\tJunk", "Line 2 in rules file {0}: the MATCH column is empty")]
    [InlineData("Subject\tx\tINBOX\tfar.example:Archive", "Line 2 in rules file {0}: the destination far.example:Archive names the remote host far.example but no RemoteServer: line defines it")]
    public async Task Bad_rules_file_line_gives_one_line_error_with_file_and_line_and_exit_5(string badLine, string expected)
    {
        string user = TestUsers.Unique("badrules");
        await AppendAsync(Src, user, "INBOX", Mail("hello"));
        var before = await SnapshotAsync(Src, user);
        string rules = Rules("Subject\tok\tINBOX\tOk", badLine);
        var r = await Filter("-S", Src.Conn(user), "-r", rules);
        AssertExit(r, 5);
        string error = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, rules), error);
        Assert.Empty(before.Diff(await SnapshotAsync(Src, user)));
    }

    [Fact]
    public async Task Missing_rules_file_and_missing_r_are_reported()
    {
        var missing = await Filter("-S", Src.Conn("nobody"), "-r", "/nonexistent/rules.txt");
        AssertExit(missing, 5);
        Assert.StartsWith("Can't open rules file /nonexistent/rules.txt:", missing.StdErr);
        var usage = await Filter("-S", Src.Conn("nobody"));
        AssertExit(usage, 2);
        Assert.StartsWith("usage:", usage.StdOut);
        var unknown = await Filter("-h");
        AssertExit(unknown, 2);
        Assert.Contains("Unknown option: h", unknown.StdErr);
    }
}
