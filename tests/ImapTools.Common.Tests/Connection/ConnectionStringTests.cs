using ImapTools.Common;
using ImapTools.Common.Connection;

namespace ImapTools.Common.Tests.Connection;

public class ConnectionStringTests
{
    [Fact]
    public void Parses_host_port_user_password()
    {
        var c = ConnectionString.Parse("mail.example.com:1143/alice/pa:ss", 'S');
        Assert.Equal(("mail.example.com", 1143, "alice", "pa:ss", LoginMethod.Default, (string?)null),
            (c.Host, c.Port, c.User, c.Password, c.Method, c.AdminUser));
    }

    [Fact]
    public void Port_defaults_to_143_and_extra_fields_are_ignored()
    {
        var c = ConnectionString.Parse("h/u/p/CRAM-MD5/extra", 'S');
        Assert.Equal(143, c.Port);
        Assert.Equal(LoginMethod.CramMd5, c.Method);
    }

    [Theory]
    [InlineData("h/u/p/cram-md5", LoginMethod.CramMd5)]
    [InlineData("h/u/p/PREAUTH", LoginMethod.Preauth)]
    [InlineData("h/u/p/preauth", LoginMethod.Default)]
    [InlineData("h/u/p/whatever", LoginMethod.Default)]
    public void Method_field(string value, LoginMethod expected) => Assert.Equal(expected, ConnectionString.Parse(value, 'S').Method);

    [Fact]
    public void Backslash_anywhere_makes_it_the_separator()
    {
        var c = ConnectionString.Parse(@"h:993\alice\pass/with/slashes", 'D');
        Assert.Equal(("h", 993, "alice", "pass/with/slashes"), (c.Host, c.Port, c.User, c.Password));
    }

    [Fact]
    public void Admin_form_splits_at_the_last_colon()
    {
        var c = ConnectionString.Parse("h/a:b:postmaster/adminpw", 'S');
        Assert.Equal("a:b", c.User);
        Assert.Equal("postmaster", c.AdminUser);
        Assert.Equal("adminpw", c.Password);
    }

    [Fact]
    public void OAuth2_prefix_is_case_insensitive()
    {
        var c = ConnectionString.Parse("h/u/OAuth2:tok.en", 'S');
        Assert.True(c.IsOAuth2);
        Assert.Equal("tok.en", c.OAuth2Token);
    }

    [Fact]
    public void Star_inherits_source_user_and_password()
    {
        var src = ConnectionString.Parse("h1/alice/pw1", 'S');
        var dst = ConnectionString.Parse("h2/*/*", 'D').InheritFrom(src);
        Assert.Equal(("h2", "alice", "pw1"), (dst.Host, dst.User, dst.Password));
    }

    [Fact]
    public void Environment_password_is_read_and_missing_variable_is_an_error()
    {
        string name = "SOURCEPWD";
        string? old = Environment.GetEnvironmentVariable(name);
        try
        {
            Environment.SetEnvironmentVariable(name, "from-env");
            var c = ConnectionString.Parse("h/u/SOURCEPWD", 'S').ResolvePassword(name, _ => "x", "");
            Assert.Equal("from-env", c.Password);
            Environment.SetEnvironmentVariable(name, null);
            var e = Assert.Throws<ImapToolsException>(() => ConnectionString.Parse("h/u/SOURCEPWD", 'S').ResolvePassword(name, _ => "x", ""));
            Assert.Equal(ExitCodes.Usage, e.ExitCode);
        }
        finally { Environment.SetEnvironmentVariable(name, old); }
    }

    [Fact]
    public void Prompt_password_asks()
    {
        string? asked = null;
        var c = ConnectionString.Parse("h/u/PROMPT", 'S').ResolvePassword("SOURCEPWD", p => { asked = p; return "typed"; }, "Enter the source user password: ");
        Assert.Equal("typed", c.Password);
        Assert.Equal("Enter the source user password: ", asked);
    }

    [Fact]
    public void ToString_never_shows_the_password()
    {
        Assert.DoesNotContain("s3cret", ConnectionString.Parse("h/u/s3cret", 'S').ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(":143/u/p")]
    [InlineData("h:99999/u/p")]
    [InlineData("h:abc/u/p")]
    public void Bad_values_are_usage_errors(string value)
    {
        var e = Assert.Throws<ImapToolsException>(() => ConnectionString.Parse(value, 'S'));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }
}
