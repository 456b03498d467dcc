using ImapTools.Common;
using ImapTools.Common.Connection;

namespace ImapTools.Common.Tests.Connection;

/// <summary>env:NAME / file:PATH passwords (issue 9 item 5), resolved at every command-line parse site.</summary>
public sealed class PasswordSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pwsrc-").FullName;
    private readonly List<string> _vars = [];

    private string Var(string? value)
    {
        string name = "IMAPTOOLS_TEST_PW_" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        Environment.SetEnvironmentVariable(name, value);
        _vars.Add(name);
        return name;
    }

    private string PasswordFile(string content)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return path;
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("env:")]
    [InlineData("file:")]
    [InlineData("ENV:X")]
    [InlineData("oauth2:token")]
    public void Other_text_is_the_password_itself(string value) => Assert.Equal(value, PasswordSource.Resolve(value, 'S'));

    [Fact]
    public void Env_reads_the_variable()
    {
        string name = Var("s3cr:et/x");
        Assert.Equal("s3cr:et/x", PasswordSource.Resolve("env:" + name, 'S'));
    }

    [Fact]
    public void A_missing_variable_is_a_usage_error_naming_it_never_its_value()
    {
        string name = "IMAPTOOLS_TEST_PW_UNSET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var e = Assert.Throws<ImapToolsException>(() => PasswordSource.Resolve("env:" + name, 'D'));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains("-D", e.Message, StringComparison.Ordinal);
        Assert.Contains("not set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_variable_is_a_usage_error()
    {
        string name = Var("");
        // An empty value unsets the variable on some platforms; either way it is refused.
        var e = Assert.Throws<ImapToolsException>(() => PasswordSource.Resolve("env:" + name, 'S'));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [Theory]
    [InlineData("pw-one\n", "pw-one")]
    [InlineData("pw-one\r\n", "pw-one")]
    [InlineData("pw-one", "pw-one")]
    [InlineData("pw one\r\nsecond line\n", "pw one")]
    [InlineData("oauth2:ya29.tok\n", "oauth2:ya29.tok")]
    public void File_reads_the_first_line_without_its_ending(string content, string expected) =>
        Assert.Equal(expected, PasswordSource.Resolve("file:" + PasswordFile(content), 'S'));

    [Fact]
    public void A_missing_file_is_a_file_error_naming_it()
    {
        string path = Path.Combine(_dir, "nope", "pw");
        var e = Assert.Throws<ImapToolsException>(() => PasswordSource.Resolve("file:" + path, 'S'));
        Assert.Equal(ExitCodes.File, e.ExitCode);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\nsecond\n")]
    public void An_empty_first_line_is_a_file_error(string content)
    {
        var e = Assert.Throws<ImapToolsException>(() => PasswordSource.Resolve("file:" + PasswordFile(content), 'S'));
        Assert.Equal(ExitCodes.File, e.ExitCode);
    }

    [Fact]
    public void Connection_strings_resolve_env_and_file_passwords()
    {
        string name = Var("from-env");
        Assert.Equal("from-env", ConnectionString.Parse($"h:1143/u/env:{name}", 'S').Password);
        string path = PasswordFile("from-file\n");
        var c = ConnectionString.Parse($"h:1143/u/file:{path}", 'S');
        Assert.Equal(("h", 1143, "u", "from-file", LoginMethod.Default), (c.Host, c.Port, c.User, c.Password, c.Method));
        var cram = ConnectionString.Parse($"h/u/file:{path}/CRAM-MD5", 'S');
        Assert.Equal(("from-file", LoginMethod.CramMd5), (cram.Password, cram.Method));
        var backslash = ConnectionString.Parse($"h\\u\\file:{path}", 'S');
        Assert.Equal("from-file", backslash.Password);
    }

    [Fact]
    public void A_web_form_value_is_not_resolved()
    {
        string name = Var("leak");
        Assert.Equal("env:" + name, ConnectionString.Parse($"h/u/env:{name}", 'S', resolvePasswordSource: false).Password);
    }

    [Fact]
    public void Admin_passwords_are_resolved_in_every_split()
    {
        string name = Var("adminpw");
        Assert.Equal(("root", "adminpw"), AdminCredentials.Split($"root:env:{name}", 'A'));
        Assert.Equal(("root", "adminpw"), AdminCredentials.Split($"root:env:{name}", 'a', splitAtLastColon: true));
        Assert.Equal(("root", "adminpw"), LegacyHostForms.SplitAdmin($"root:env:{name}", 'A'));
        var t = LegacyHostForms.FromSeparateFlags("h:1143", "u", null, $"root:env:{name}", 'h');
        Assert.Equal(("root", "adminpw"), (t.AdminUser, t.Password));
        string path = PasswordFile("userpw\n");
        Assert.Equal("userpw", LegacyHostForms.FromSeparateFlags("h:1143", "u", "file:" + path, null, 'h').Password);
    }

    [Fact]
    public void Legacy_words_still_work_after_parsing()
    {
        // imapcopy's SOURCEPWD/DESTPWD words (a unique word here: other tests set SOURCEPWD) and PROMPT.
        string word = Var("legacy-env");
        Assert.Equal("legacy-env", ConnectionString.Parse($"h/u/{word}", 'S').ResolvePassword(word, _ => "typed", "p").Password);
        Assert.Equal("typed", ConnectionString.Parse("h/u/PROMPT", 'S').ResolvePassword(word, _ => "typed", "p").Password);
        string name = Var("x");
        Assert.Equal("x", ConnectionString.Parse($"h/u/env:{name}", 'S').ResolvePassword(word, _ => "typed", "p").Password);
    }

    public void Dispose()
    {
        foreach (string v in _vars) Environment.SetEnvironmentVariable(v, null);
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
