using ImapTools.Common.Rules;

namespace ImapTools.Common.Tests.Rules;

public class RulesFileTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static RuleSet Parse(params string[] lines) => RulesFile.Parse(lines, "rules.txt", Now);

    private static ImapToolsException Fails(params string[] lines) => Assert.Throws<ImapToolsException>(() => Parse(lines));

    [Fact]
    public void Parses_fields_copy_suffix_comments_blank_lines_and_CR()
    {
        var set = Parse("# comment", "", "   Subject\thello\tINBOX\tHelloBox\r", "From\t*abc.com\tINBOX\tABC\tCOPY", "X-Priority\t3\tINBOX\tLow\textra");
        Assert.Equal(3, set.Rules.Count);
        var hello = set.Rules[0];
        Assert.Equal(("Subject", "hello", "INBOX", "HelloBox"), (hello.Field, hello.Match, hello.Source, hello.Destination));
        Assert.Equal(3, hello.LineNumber);
        Assert.False(hello.Copy);
        Assert.Equal("Subject\thello\tINBOX\tHelloBox", hello.Text);
        Assert.Equal("Subject hello INBOX HelloBox", hello.Display);
        Assert.True(set.Rules[1].Copy);
        Assert.Equal("ABC", set.Rules[1].Destination);
        Assert.False(set.Rules[2].Copy);
        Assert.Equal("Low", set.Rules[2].Destination);
    }

    [Fact]
    public void Leading_star_becomes_dot_star_and_matching_is_case_insensitive_and_unanchored()
    {
        var set = Parse("From\t*abc.com\tINBOX\tABC", "Subject\t\"test$\"\tINBOX\tT", "Subject\t(^Jack*)\tINBOX\tJ");
        Assert.Equal(RuleKind.Header, set.Rules[0].Kind);
        Assert.Matches(set.Rules[0].Pattern!, "Boss <BOSS@ABC.COM>");
        Assert.Matches(set.Rules[1].Pattern!, "this is a TEST");
        Assert.DoesNotMatch(set.Rules[1].Pattern!, "test this");
        Assert.Matches(set.Rules[2].Pattern!, "Jac");
        Assert.DoesNotMatch(set.Rules[2].Pattern!, "hi Jack");
    }

    [Fact]
    public void Perl_regex_constructs_are_translated()
    {
        var rule = Parse("Subject\t\\Qa.b\\E[[:digit:]]+\tINBOX\tX").Rules[0];
        Assert.Matches(rule.Pattern!, "xx a.b42");
        Assert.DoesNotMatch(rule.Pattern!, "axb42");
    }

    [Fact]
    public void Kinds_are_chosen_by_field()
    {
        var set = Parse(
            "Size\t>1000000\tINBOX\tBig",
            "size\t=0\tINBOX\tEmpty",
            "Flags\t$Label1\tINBOX\tL",
            "Date\t<30\tINBOX\tOld",
            "Date\t*2009*\tINBOX\tY2009",
            "InternalDate\t>20 Sep 2011 21:57:09 -0600\tINBOX\tNew",
            "InternalDate\t20-SEP-2011\tINBOX\tDay",
            "isearch\t\"(FROM tom)\"\tINBOX\tTom");
        Assert.Equal([RuleKind.Size, RuleKind.Size, RuleKind.Flags, RuleKind.DateCompare, RuleKind.Header, RuleKind.InternalDateCompare, RuleKind.InternalDateRegex, RuleKind.Search],
            set.Rules.Select(r => r.Kind).ToArray());
        Assert.Equal(1000000, set.Rules[0].SizeLimit);
        Assert.Equal('>', set.Rules[0].Operator);
        Assert.Equal("Label1", set.Rules[2].FlagName);
        Assert.True(set.Rules[3].RelativeDate);
        Assert.Equal(new DateTimeOffset(2011, 9, 21, 3, 57, 9, TimeSpan.Zero), set.Rules[5].Date!.Value.ToUniversalTime());
        Assert.Equal("(FROM tom)", set.Rules[7].SearchText);
    }

    [Fact]
    public void Server_lines_are_not_rules_and_remote_destinations_resolve()
    {
        var set = Parse(
            "Subject\tx\tINBOX\tmail.example:Archive",
            "Subject\ty\tINBOX\tmail.example:1143:*",
            "LocalServer: local.example:10143/john/pw",
            "RemoteServer:   mail.example:1143/jane/se:cret");
        Assert.Equal(2, set.Rules.Count);
        Assert.Equal(("local.example", 10143, "john", "pw"), (set.LocalServer!.Host, set.LocalServer.Port, set.LocalServer.User, set.LocalServer.Password));
        var remote = Assert.Single(set.RemoteServers);
        Assert.Equal(("mail.example", 1143, "jane", "se:cret"), (remote.Host, remote.Port, remote.User, remote.Password));
        Assert.Equal("Archive", set.Rules[0].Remote!.Mailbox);
        Assert.Equal("*", set.Rules[1].Remote!.Mailbox);
        Assert.DoesNotContain("cret", remote.ToString());
    }

    [Fact]
    public void Server_line_takes_the_last_two_fields_as_user_and_password()
    {
        var set = Parse("RemoteServer: mail.example:1143/jane/secret", "Subject\tx\tINBOX\tmail.example:A");
        var remote = Assert.Single(set.RemoteServers);
        Assert.Equal(("mail.example", 1143, "jane", "secret"), (remote.Host, remote.Port, remote.User, remote.Password));
    }

    [Theory]
    [InlineData("Subject hello INBOX Junk", "Line 1 in rules file rules.txt is not in tab-delimited format")]
    [InlineData("Subject\thello\tINBOX", "Line 1 in rules file rules.txt is not in tab-delimited format")]
    [InlineData("Subject\thello\t\tJunk", "Line 1 in rules file rules.txt is not in tab-delimited format")]
    [InlineData("Subject\t\thello\tINBOX\tJunk", "Line 1 in rules file rules.txt: the MATCH column is empty")]
    [InlineData("Subject\t\"\"\tINBOX\tJunk", "Line 1 in rules file rules.txt: the MATCH column is empty")]
    [InlineData("Subject\t[a-\tINBOX\tJunk", "Line 1 in rules file rules.txt: Invalid regular expression '[a-'")]
    [InlineData("Size\tbig\tINBOX\tJunk", "Line 1 in rules file rules.txt: Unrecognized operation b")]
    [InlineData("Size\t>lots\tINBOX\tJunk", "Line 1 in rules file rules.txt: 'lots' is not a number of bytes")]
    [InlineData("Date\t=whenever\tINBOX\tJunk", "Line 1 in rules file rules.txt: 'whenever' is not a date")]
    [InlineData("Flags\t(x)\tINBOX\tJunk", "Line 1 in rules file rules.txt: '(x)' is not a flag or keyword name")]
    [InlineData("From\t-\tINBOX\t-", "Line 1 in rules file rules.txt: MATCH '-'")]
    [InlineData("Bad Field\tx\tINBOX\tJunk", "Line 1 in rules file rules.txt: 'Bad Field' is not a header field name")]
    [InlineData("Sub(ject)\tx\tINBOX\tJunk", "Line 1 in rules file rules.txt: 'Sub(ject)' is not a header field name")]
    [InlineData("Subject\tx\tINBOX\tnowhere:Junk", "Line 1 in rules file rules.txt: the destination nowhere:Junk names the remote host nowhere")]
    [InlineData("RemoteServer: hostonly", "Line 1 in rules file rules.txt: a server line needs host[:port]/user/password")]
    public void Errors_name_file_and_line_with_exit_5(string line, string expected)
    {
        var e = Fails(line);
        Assert.StartsWith(expected, e.Message);
        Assert.Equal(ExitCodes.File, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Line_numbers_count_every_physical_line()
    {
        var e = Fails("# c", "", "Date\t<30\tINBOX\tOld", "Subject\tok\tINBOX\tOk", "broken line");
        Assert.StartsWith("Line 5 in rules file rules.txt", e.Message);
    }

    [Fact]
    public void Unreadable_file_is_a_file_error()
    {
        var e = Assert.Throws<ImapToolsException>(() => RulesFile.Read("/nonexistent/dir/rules.txt", Now));
        Assert.StartsWith("Can't open rules file /nonexistent/dir/rules.txt: ", e.Message);
        Assert.Equal(ExitCodes.File, e.ExitCode);
    }

    [Theory]
    [InlineData("Archive", false, "", null, "Archive")]
    [InlineData("host:Archive", true, "host", null, "Archive")]
    [InlineData("host:993:Sent/2010", true, "host", 993, "Sent/2010")]
    [InlineData("host:*", true, "host", null, "*")]
    public void Remote_destination_forms(string dest, bool remote, string host, int? port, string mailbox)
    {
        Assert.Equal(remote, RulesFile.IsRemote(dest, out string h, out int? p, out string m));
        if (remote) Assert.Equal((host, port, mailbox), (h, p, m));
    }

    [Fact]
    public void The_sample_rules_file_parses()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImapTools.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var set = RulesFile.Read(Path.Combine(dir!.FullName, "samples", "imapfilter.rules"), Now);
        Assert.Equal(9, set.Rules.Count);
        Assert.Contains(set.Rules, r => r.IsGlobal);
        Assert.Contains(set.Rules, r => r.Copy);
    }
}
