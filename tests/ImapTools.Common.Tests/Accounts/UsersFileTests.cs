using ImapTools.Common.Accounts;

namespace ImapTools.Common.Tests.Accounts;

public sealed class UsersFileTests
{
    private static readonly UsersFileFormat FourFields = UsersFileFormat.SourceAndDestination(UsersFileFormat.Colon);

    [Fact]
    public void Skips_comments_and_blank_lines_and_strips_cr_and_whitespace()
    {
        var entries = UsersFile.Parse(["# header", "", "   ", "  a:pa:b:pb\r", "c:pc:d:pd  "], FourFields);
        Assert.Equal(2, entries.Count);
        Assert.Equal(["a", "pa", "b", "pb"], entries[0].Fields);
        Assert.Equal(4, entries[0].LineNumber);
        Assert.Equal("pd", entries[1][3]);
    }

    [Fact]
    public void Escaped_colon_is_a_literal_colon_in_any_field()
    {
        var e = UsersFile.Parse([@"us\:er:p\:w\:d:dst:x\:"], FourFields).Single();
        Assert.Equal(["us:er", "p:w:d", "dst", "x:"], e.Fields);
    }

    [Fact]
    public void Oauth2_tokens_keep_their_colon()
    {
        var e = UsersFile.Parse(["alice:oauth2:TOKEN1:bob:oauth2:TOKEN2"], FourFields).Single();
        Assert.Equal(["alice", "oauth2:TOKEN1", "bob", "oauth2:TOKEN2"], e.Fields);
    }

    [Fact]
    public void Empty_passwords_are_kept_as_empty_fields()
    {
        var e = UsersFile.Parse(["alice::bob:"], FourFields).Single();
        Assert.Equal(["alice", "", "bob", ""], e.Fields);
    }

    [Fact]
    public void Extra_fields_are_ignored_and_missing_fields_read_empty()
    {
        var e = UsersFile.Parse(["a:b:c:d:e:f", "x:y:z"], FourFields);
        Assert.Equal(4, e[0].Fields.Count);
        Assert.Equal("", e[1][3]);
    }

    [Fact]
    public void Too_few_fields_names_the_line()
    {
        var ex = Assert.Throws<ImapToolsException>(() => UsersFile.Parse(["# c", "a:b:c", "alice"], FourFields, "users.txt"));
        Assert.Equal("Error at line 3 in users.txt: not in srcuser:srcpwd:dstuser:dstpwd format", ex.Message);
        Assert.Equal(ExitCodes.File, ex.ExitCode);
    }

    [Fact]
    public void User_password_splits_at_the_first_colon_only()
    {
        var e = UsersFile.Parse(["alice:pa:ss", "bob"], UsersFileFormat.UserPassword(passwordOptional: true));
        Assert.Equal(["alice", "pa:ss"], e[0].Fields);
        Assert.Equal(["bob"], e[1].Fields);
        Assert.Throws<ImapToolsException>(() => UsersFile.Parse(["bob"], UsersFileFormat.UserPassword(passwordOptional: false)));
    }

    [Fact]
    public void Spaced_colon_and_whitespace_and_comma_separators()
    {
        Assert.Equal(["a", "b", "c", "d"], UsersFile.Parse(["a : b:c  :d"], UsersFileFormat.SourceAndDestination(UsersFileFormat.SpacedColon)).Single().Fields);
        var ws = new UsersFileFormat("popuser poppwd imapuser imappwd", UsersFileFormat.Whitespace, 4, 4);
        Assert.Equal(["p", "pp", "i", "ip"], UsersFile.Parse(["p \t pp i   ip"], ws).Single().Fields);
        var comma = new UsersFileFormat("maildir,user,password", UsersFileFormat.Comma, 3, 3);
        Assert.Equal(["/m/d", " u", "p"], UsersFile.Parse(["/m/d, u,p"], comma).Single().Fields);
    }

    [Fact]
    public void Missing_file_is_a_one_line_file_error()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "users");
        var ex = Assert.Throws<ImapToolsException>(() => UsersFile.Read(path, FourFields));
        Assert.Equal($"Error opening users file {path}: No such file or directory", ex.Message);
        Assert.Equal(ExitCodes.File, ex.ExitCode);
    }
}
