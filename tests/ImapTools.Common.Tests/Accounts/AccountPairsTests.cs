using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;

namespace ImapTools.Common.Tests.Accounts;

public sealed class AccountPairsTests
{
    private static string UsersFile(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"pairs-{Guid.NewGuid():N}");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Single_user_mode_with_cram()
    {
        var pairs = AccountPairs.Read(new AccountPairOptions { SourceValue = "h1:1143/u1/p1", DestinationValue = "h2\\u2\\p/2", DestinationCramMd5 = true });
        var p = Assert.Single(pairs);
        Assert.Equal(("h1", 1143, "u1", "p1"), (p.Source.Host, p.Source.Port, p.Source.User, p.Source.Password));
        Assert.Equal(("h2", "u2", "p/2", LoginMethod.CramMd5), (p.Destination.Host, p.Destination.User, p.Destination.Password, p.Destination.Method));
    }

    [Fact]
    public void Users_file_with_escaped_colon_admin_when_password_empty()
    {
        string f = UsersFile("# c\r\nsrc1:pa\\:ss:dst1:\r\nsrc2::dst2:dpw\r\n");
        var pairs = AccountPairs.Read(new AccountPairOptions
        {
            SourceValue = "s.example:993/ignored", DestinationValue = "d.example", UsersFile = f,
            SourceAdmin = "sadmin:spw", DestinationAdmin = "dadmin:dpw2",
        });
        Assert.Equal(2, pairs.Count);
        Assert.Equal(("s.example", 993, "pa:ss", null), (pairs[0].Source.Host, pairs[0].Source.Port, pairs[0].Source.Password, pairs[0].Source.AdminUser));
        Assert.Equal(("dst1", "dadmin", "dpw2"), (pairs[0].Destination.User, pairs[0].Destination.AdminUser, pairs[0].Destination.Password));
        Assert.Equal(("src2", "sadmin", "spw"), (pairs[1].Source.User, pairs[1].Source.AdminUser, pairs[1].Source.Password));
        Assert.Null(pairs[1].Destination.AdminUser);
        Assert.Equal(3, pairs[1].LineNumber);
    }

    [Fact]
    public void Admin_always_applies_for_the_audit()
    {
        string f = UsersFile("a:pw:b:pw\n");
        var p = Assert.Single(AccountPairs.Read(new AccountPairOptions { SourceValue = "h", DestinationValue = "h", UsersFile = f, SourceAdmin = "adm:x", AdminRule = AdminRule.Always }));
        Assert.Equal(("a", "adm", "x"), (p.Source.User, p.Source.AdminUser, p.Source.Password));
    }

    [Theory]
    [InlineData(":pw:b:pw\n", "Error at line 1")]
    [InlineData("a:pw\n", "Error at line 1")]
    public void Malformed_lines_are_file_errors(string text, string message)
    {
        var e = Assert.Throws<ImapToolsException>(() => AccountPairs.Read(new AccountPairOptions { SourceValue = "h", DestinationValue = "h", UsersFile = UsersFile(text) }));
        Assert.Equal(ExitCodes.File, e.ExitCode);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Bad_admin_value_is_a_usage_error()
    {
        var e = Assert.Throws<ImapToolsException>(() => AccountPairs.Read(new AccountPairOptions { SourceValue = "h/u/p", DestinationValue = "h/u/p", SourceAdmin = "nocolon" }));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }
}
