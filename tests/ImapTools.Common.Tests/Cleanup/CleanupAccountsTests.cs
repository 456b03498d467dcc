using ImapTools.Common.Accounts;
using ImapTools.Common.Cleanup;
using ImapTools.Common.Connection;

namespace ImapTools.Common.Tests.Cleanup;

public class CleanupAccountsTests
{
    [Fact]
    public void Space_or_colon_users_file_splits_once_and_trims()
    {
        var entries = UsersFile.Parse(["john secret", "mary : pw:x", "  # comment", "", "bob\tpw with space", "joe+tag:pw"],
            CleanupAccounts.UserSpaceOrColonPassword(false));
        Assert.Equal([["john", "secret"], ["mary", "pw:x"], ["bob", "pw with space"], ["joe+tag", "pw"]], entries.Select(e => e.Fields.ToArray()));
    }

    [Fact]
    public void Space_users_file_ignores_extra_words_and_needs_a_password_without_admin()
    {
        var entries = UsersFile.Parse(["john secret extra"], CleanupAccounts.UserSpacePassword(false));
        Assert.Equal(["john", "secret"], entries[0].Fields);
        var e = Assert.Throws<ImapToolsException>(() => UsersFile.Parse(["john"], CleanupAccounts.UserSpacePassword(false)));
        Assert.Equal(ExitCodes.File, e.ExitCode);
        Assert.Single(UsersFile.Parse(["john"], CleanupAccounts.UserSpacePassword(true)));
    }

    [Fact]
    public void Targets_use_the_server_of_S_and_apply_the_admin()
    {
        string file = Path.GetTempFileName();
        File.WriteAllLines(file, ["john", "mary"]);
        var server = ConnectionString.Parse("imap.example.com:993", 'S');
        var targets = CleanupAccounts.Targets(server, file, CleanupAccounts.UserSpacePassword(true), "root:rootpw", 'a', adminAtLastColon: true);
        File.Delete(file);
        Assert.Equal([("imap.example.com", 993, "john", "root", "rootpw"), ("imap.example.com", 993, "mary", "root", "rootpw")],
            targets.Select(t => (t.Host, t.Port, t.User, t.AdminUser!, t.Password)));
    }

    [Fact]
    public void Without_a_users_file_the_S_user_is_the_only_target()
    {
        var server = ConnectionString.Parse("host/john/pw", 'S');
        Assert.Equal([server], CleanupAccounts.Targets(server, null, CleanupAccounts.UserSpacePassword(false), null, 'A'));
    }

    [Fact]
    public void Missing_users_file_uses_the_legacy_text()
    {
        var e = Assert.Throws<ImapToolsException>(() => CleanupAccounts.Targets(ConnectionString.Parse("h", 'S'), "/nonexistent/u.txt",
            CleanupAccounts.UserSpacePassword(false), null, 'A'));
        Assert.StartsWith("Error opening userlist /nonexistent/u.txt:", e.Message);
        Assert.Equal(ExitCodes.File, e.ExitCode);
    }
}
