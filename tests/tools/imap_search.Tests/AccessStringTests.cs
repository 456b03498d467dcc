using ImapTools.Common;
using ImapTools.Common.Connection;

namespace ImapTools.Tools.ImapSearch.Tests;

public class AccessStringTests
{
    private static readonly SearchConfig NoConfig = SearchConfig.Load(Path.Combine(Path.GetTempPath(), "empty-" + Guid.NewGuid().ToString("N") + ".cf").Also(p => File.WriteAllText(p, "")));

    [Theory]
    [InlineData("host:993/john/secret", "host", 993, "john", "secret", null)]
    [InlineData("host:143/john/secret:INBOX", "host", 143, "john", "secret", "INBOX")]
    [InlineData("host/john/secret", "host", 143, "john", "secret", null)]
    [InlineData("host/john/secret:Sent Items", "host", 143, "john", "secret", "Sent Items")]
    [InlineData("host:143/john/oauth2:tok:en", "host", 143, "john", "oauth2:tok:en", null)]
    public void Explicit_forms(string access, string host, int port, string user, string password, string? mailbox)
    {
        var r = AccessString.Parse(access, true, NoConfig);
        Assert.Equal((host, port, user, password, mailbox), (r.Target.Host, r.Target.Port, r.Target.User, r.Target.Password, r.Mailbox));
        Assert.Null(r.Target.AdminUser);
    }

    [Fact]
    public void Cram_md5_anywhere_and_admin_form()
    {
        var r = AccessString.Parse("host:143/john:admin/adminpw/CRAM-MD5", true, NoConfig);
        Assert.Equal(LoginMethod.CramMd5, r.Target.Method);
        Assert.Equal(("john", "admin", "adminpw"), (r.Target.User, r.Target.AdminUser, r.Target.Password));
    }

    [Fact]
    public void Config_admin_makes_every_login_plain()
    {
        var values = SearchConfig.Parse(["server: imap.example.com:993", "admin_user: root", "admin_pwd: pw:with:colons"], "cf");
        Assert.Equal("pw:with:colons", values["admin_pwd"]);
        string file = Path.GetTempFileName();
        File.WriteAllLines(file, ["server: imap.example.com:993", "admin_user: root", "admin_pwd: rootpw"]);
        var config = SearchConfig.Load(file);
        File.Delete(file);
        var self = AccessString.Parse("host:143/john/secret", true, config);
        Assert.Equal(("john", "john", "secret"), (self.Target.User, self.Target.AdminUser, self.Target.Password));
        var viaConfig = AccessString.Parse("john:INBOX", true, config);
        Assert.Equal(("imap.example.com", 993, "john", "root", "rootpw", "INBOX"),
            (viaConfig.Target.Host, viaConfig.Target.Port, viaConfig.Target.User, viaConfig.Target.AdminUser, viaConfig.Target.Password, viaConfig.Mailbox));
    }

    [Fact]
    public void Bad_port_is_a_usage_error()
    {
        var e = Assert.Throws<ImapToolsException>(() => AccessString.Parse("host:99999/john/secret", true, NoConfig));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [Theory]
    [InlineData("host:143/john/env:{V}", "host", 143, null)]
    [InlineData("host:143/john/env:{V}:Sent Items", "host", 143, "Sent Items")]
    [InlineData("host/john/env:{V}", "host", 143, null)]
    [InlineData("host/john/env:{V}:INBOX", "host", 143, "INBOX")]
    [InlineData("host:993/john/file:{F}", "host", 993, null)]
    [InlineData("host/john/file:{F}", "host", 143, null)]
    public void Env_and_file_passwords(string access, string host, int port, string? mailbox)
    {
        string name = "IMAPTOOLS_SEARCH_PW_" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        string file = Path.Combine(Path.GetTempPath(), "imap-search-pw-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable(name, "pw:from/env");
        File.WriteAllText(file, "pw:from/env\n");
        try
        {
            var r = AccessString.Parse(access.Replace("{V}", name, StringComparison.Ordinal).Replace("{F}", file, StringComparison.Ordinal), true, NoConfig);
            Assert.Equal((host, port, "john", "pw:from/env", mailbox), (r.Target.Host, r.Target.Port, r.Target.User, r.Target.Password, r.Mailbox));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_password_variable_is_a_usage_error()
    {
        var e = Assert.Throws<ImapToolsException>(() => AccessString.Parse("host/john/env:IMAPTOOLS_SEARCH_NEVER_SET_Q7", true, NoConfig));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains("IMAPTOOLS_SEARCH_NEVER_SET_Q7", e.Message, StringComparison.Ordinal);
    }
}

internal static class Extensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
