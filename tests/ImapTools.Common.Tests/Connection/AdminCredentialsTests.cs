using ImapTools.Common.Connection;

namespace ImapTools.Common.Tests.Connection;

public class AdminCredentialsTests
{
    private static readonly ConnectionString Target = ConnectionString.Parse("host:143/john/ownpw", 'S');

    [Fact]
    public void First_colon_split_keeps_colons_in_the_password()
    {
        var t = AdminCredentials.Apply(Target, "admin:pw:with:colons", 'A');
        Assert.Equal(("john", "admin", "pw:with:colons"), (t.User, t.AdminUser, t.Password));
    }

    [Fact]
    public void Last_colon_split_for_trash()
    {
        var t = AdminCredentials.Apply(Target, "dom:admin:pw", 'a', splitAtLastColon: true);
        Assert.Equal(("dom:admin", "pw"), (t.AdminUser, t.Password));
    }

    [Fact]
    public void No_admin_leaves_the_target_alone() => Assert.Same(Target, AdminCredentials.Apply(Target, null, 'A'));

    [Theory]
    [InlineData("adminonly")]
    [InlineData(":pw")]
    public void Malformed_value_is_a_usage_error(string value)
    {
        var e = Assert.Throws<ImapToolsException>(() => AdminCredentials.Apply(Target, value, 'A'));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal("-A must be admin_user:admin_password", e.Message);
    }
}
