using ImapTools.Common.Connection;

namespace ImapTools.Common.Tests.Connection;

public class LegacyHostFormsTests
{
    [Theory]
    [InlineData("host:1430/CRAM-MD5", "host:1430", true)]
    [InlineData("host/cram-md5", "host", true)]
    [InlineData("host:143", "host:143", false)]
    public void Cram_md5_is_detected_in_any_case_and_removed(string value, string host, bool cram) =>
        Assert.Equal((host, cram), LegacyHostForms.StripCramMd5(value));

    [Fact]
    public void Separate_flags_build_login_admin_and_cram_connections()
    {
        var plain = LegacyHostForms.FromSeparateFlags("h:1430", "john", "pw", null, 'h');
        Assert.Equal(("h", 1430, "john", "pw", LoginMethod.Default, (string?)null), (plain.Host, plain.Port, plain.User, plain.Password, plain.Method, plain.AdminUser));
        var admin = LegacyHostForms.FromSeparateFlags("h", "john", null, "root:a:b", 'h');
        Assert.Equal((143, "john", "a:b", "root"), (admin.Port, admin.User, admin.Password, admin.AdminUser));
        Assert.Equal(LoginMethod.CramMd5, LegacyHostForms.FromSeparateFlags("h/CRAM-MD5", "u", "p", null, 'h').Method);
        Assert.Equal(ExitCodes.Usage, Assert.Throws<ImapToolsException>(() => LegacyHostForms.SplitAdmin("nocolon", 'A')).ExitCode);
    }

    [Fact]
    public void Pop3_port_defaults_to_110()
    {
        Assert.Equal(110, Pop3Connector.Parse("pop.example.org/u/p", 'p').Port);
        Assert.Equal(1100, Pop3Connector.Parse("pop.example.org:1100/u/p", 'p').Port);
        Assert.Equal(110, Pop3Connector.Parse("pop.example.org", 'p').Port);
    }
}
