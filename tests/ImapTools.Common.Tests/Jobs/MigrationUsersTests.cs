using ImapTools.Common.Connection;
using ImapTools.Common.Jobs;

namespace ImapTools.Common.Tests.Jobs;

public sealed class MigrationUsersTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "migusers-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Reads_spaced_colons_escapes_oauth_and_blank_passwords()
    {
        File.WriteAllLines(_file, ["# comment", "", "john : my\\:pass : john2 : x", "Rick::Rick:", "tok:oauth2:abc:tok2:oauth2:def\r"]);
        var users = MigrationUser.Read(_file);
        Assert.Equal(3, users.Count);
        Assert.Equal(new MigrationUser(3, "john", "my:pass", "john2", "x"), users[0]);
        Assert.Equal(new MigrationUser(4, "Rick", "", "Rick", ""), users[1]);
        Assert.Equal("oauth2:abc", users[2].SourcePassword);
        Assert.Equal("oauth2:def", users[2].DestinationPassword);
        Assert.DoesNotContain("pass", users[0].ToString());
    }

    [Theory]
    [InlineData("onlyone", "not in srcuser:srcpwd:dstuser:dstpwd format")]
    [InlineData(":pw:dst:pw", "the source user is empty")]
    [InlineData("src:pw::pw", "the destination user is empty")]
    public void Malformed_lines_name_the_line(string line, string text)
    {
        File.WriteAllLines(_file, ["a:b:c:d", line]);
        var e = Assert.Throws<ImapToolsException>(() => MigrationUser.Read(_file));
        Assert.Equal(ExitCodes.File, e.ExitCode);
        Assert.Contains($"Error at line 2 in {_file}", e.Message);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void Missing_file_gives_the_legacy_text()
    {
        var e = Assert.Throws<ImapToolsException>(() => MigrationUser.Read(_file + ".none"));
        Assert.Equal($"Fatal error reading {_file}.none: No such file or directory", e.Message);
        Assert.Equal(ExitCodes.File, e.ExitCode);
    }

    [Fact]
    public void Login_rules_per_side()
    {
        var plain = MigrationLogin.Parse("mail.example.org:1143", 'S', null, false, false);
        var c = plain.For("u", "pw", out string? method);
        Assert.Equal(("mail.example.org", 1143, "u", "pw", LoginMethod.Default, (string?)null), (c.Host, c.Port, c.User, c.Password, c.Method, c.AdminUser));
        Assert.Equal("ORDINARY login", method);

        var admin = MigrationLogin.Parse("h", 'S', "root:s3:cret", false, false);
        Assert.Equal(143, admin.Port);
        c = admin.For("u", "", out _);
        Assert.Equal(("root", "s3:cret"), (c.AdminUser, c.Password));
        Assert.Null(admin.For("u", "own", out _).AdminUser);

        var e = Assert.Throws<ImapToolsException>(() => plain.For("u", "", out _));
        Assert.Equal("Password not found for u, messages will not be migrated", e.Message);

        c = MigrationLogin.Parse("h/cram-md5", 'D', null, false, false).For("u", "pw", out method);
        Assert.Equal(LoginMethod.CramMd5, c.Method);
        Assert.Null(method);

        c = MigrationLogin.Parse("h", 'S', null, forcePlain: true, false).For("u", "pw", out _);
        Assert.Equal(("u", "u", "pw"), (c.User, c.AdminUser, c.Password));

        c = MigrationLogin.Parse("h", 'S', null, false, rawOAuth2: true).For("u", "tok", out _);
        Assert.True(c.IsOAuth2);
        Assert.Equal("tok", c.OAuth2Token);

        Assert.Equal(ExitCodes.Usage, Assert.Throws<ImapToolsException>(() => MigrationLogin.Parse("h", 'S', "nocolon", false, false)).ExitCode);
        Assert.Equal(ExitCodes.Usage, Assert.Throws<ImapToolsException>(() => MigrationLogin.Parse("h:x", 'S', null, false, false)).ExitCode);
    }

    [Theory]
    [InlineData("1:1000", 1, 1000)]
    [InlineData("500:*", 500, null)]
    [InlineData("7", 7, 7)]
    public void Ranges(string text, int first, int? last) => Assert.Equal((first, last), MigrateOptions.ParseRange(text));

    [Theory]
    [InlineData("0:5")]
    [InlineData("*:5")]
    [InlineData("1,3")]
    [InlineData("a:b")]
    public void Bad_ranges(string text) =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<ImapToolsException>(() => MigrateOptions.ParseRange(text)).ExitCode);
}
