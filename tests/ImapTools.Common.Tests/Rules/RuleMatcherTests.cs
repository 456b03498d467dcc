using System.Text;
using ImapTools.Common.Rules;
using MailKit;
using MimeKit;

namespace ImapTools.Common.Tests.Rules;

public class RuleMatcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static FilterRule Rule(string line) => RulesFile.Parse([line], "r", Now).Rules[0];

    private static MessageFacts Facts(string headers, MessageFlags flags = MessageFlags.None, long size = 100, DateTimeOffset? internalDate = null, params string[] keywords)
    {
        var list = HeaderList.Load(new MemoryStream(Encoding.UTF8.GetBytes(headers + "\r\n")));
        return new MessageFacts(new UniqueId(1), flags, new HashSet<string>(keywords), internalDate ?? Now, size, list);
    }

    [Fact]
    public void Header_value_is_unfolded_first_occurrence_without_name_and_keeps_pipes()
    {
        var facts = Facts("Subject: first line\r\n  continued | piped\r\nSubject: second\r\n");
        Assert.Equal("first line  continued | piped", RuleMatcher.HeaderValue(facts.Headers, "subject"));
        Assert.True(RuleMatcher.Matches(Rule("subject\t^first.*continued\tINBOX\tX"), facts));
        Assert.True(RuleMatcher.Matches(Rule("Subject\tpiped$\tINBOX\tX"), facts));
        Assert.False(RuleMatcher.Matches(Rule("Subject\tsecond\tINBOX\tX"), facts));
    }

    [Fact]
    public void Missing_header_is_empty_and_encoded_words_stay_raw()
    {
        var facts = Facts("Subject: =?UTF-8?B?SGFsbG8=?=\r\n");
        Assert.True(RuleMatcher.Matches(Rule("X-Priority\t.*\tINBOX\tX"), facts));
        Assert.False(RuleMatcher.Matches(Rule("X-Priority\t1\tINBOX\tX"), facts));
        Assert.True(RuleMatcher.Matches(Rule("Subject\t=\\?UTF-8\\?B\\?\tINBOX\tX"), facts));
        Assert.False(RuleMatcher.Matches(Rule("Subject\tHallo\tINBOX\tX"), facts));
    }

    [Theory]
    [InlineData(">100", 101, true)]
    [InlineData(">100", 100, false)]
    [InlineData("<100", 99, true)]
    [InlineData("<100", 100, false)]
    [InlineData("=100", 100, true)]
    [InlineData("=100", 101, false)]
    public void Size_rules(string match, long size, bool expected) =>
        Assert.Equal(expected, RuleMatcher.Matches(Rule($"Size\t{match}\tINBOX\tX"), Facts("Subject: s\r\n", size: size)));

    [Fact]
    public void Size_server_queries_are_exact()
    {
        Assert.Equal("LARGER 100", Text(RuleMatcher.ServerQuery(Rule("Size\t>100\tINBOX\tX"), out _)));
        Assert.Equal("SMALLER 100", Text(RuleMatcher.ServerQuery(Rule("Size\t<100\tINBOX\tX"), out _)));
        Assert.Equal("LARGER 99 SMALLER 101", Text(RuleMatcher.ServerQuery(Rule("Size\t=100\tINBOX\tX"), out _)));
        Assert.Null(RuleMatcher.ServerQuery(Rule("Size\t<0\tINBOX\tX"), out bool none));
        Assert.True(none);
    }

    [Fact]
    public void Flags_rules_match_system_flags_keywords_and_unseen_case_insensitively()
    {
        var seen = Facts("Subject: s\r\n", MessageFlags.Seen | MessageFlags.Answered, keywords: "$Label1");
        var unseen = Facts("Subject: s\r\n");
        Assert.True(RuleMatcher.Matches(Rule("Flags\tseen\tINBOX\tX"), seen));
        Assert.True(RuleMatcher.Matches(Rule("Flags\tANSWERED\tINBOX\tX"), seen));
        Assert.True(RuleMatcher.Matches(Rule("Flags\tlabel1\tINBOX\tX"), seen));
        Assert.False(RuleMatcher.Matches(Rule("Flags\tUnseen\tINBOX\tX"), seen));
        Assert.True(RuleMatcher.Matches(Rule("Flags\tUnseen\tINBOX\tX"), unseen));
        Assert.Equal("UNSEEN", Text(RuleMatcher.ServerQuery(Rule("Flags\tunseen\tINBOX\tX"), out _)));
        Assert.True(Rule("Flags\tDeleted\tINBOX\tX").ServerOnly);
        Assert.False(Rule("Flags\tLabel1\tINBOX\tX").ServerOnly);
    }

    [Theory]
    [InlineData("=20 Sep 2011 21:57:09 -0600", "Tue, 20 Sep 2011 21:57:09 -0600", true)]
    [InlineData("=20 Sep 2011 21:57:09 -0600", "Wed, 21 Sep 2011 03:57:09 +0000", true)]
    [InlineData("=20 Sep 2011 21:57:09 -0600", "Tue, 20 Sep 2011 21:57:10 -0600", false)]
    [InlineData("<01 Jan 2012 00:00:00 +0000", "Sat, 31 Dec 2011 23:59:59 +0000", true)]
    [InlineData("<01 Jan 2012 00:00:00 +0000", "Sun, 1 Jan 2012 00:30:00 -0100", false)]
    [InlineData("<01 Jan 2012 00:00:00 +0000", "Sun, 1 Jan 2012 00:30:00 +0100", true)]
    [InlineData(">2011-12-31", "Sun, 1 Jan 2012 12:00:00 +0000", true)]
    [InlineData(">30", "Tue, 24 Nov 2026 10:00:00 +0000", true)]
    [InlineData(">30", "Tue, 20 Oct 2026 10:00:00 +0000", false)]
    [InlineData("<+30", "Tue, 20 Oct 2026 10:00:00 +0000", true)]
    [InlineData(">01 Jan 2000 00:00:00 +0000", "Tuesday, 20 Sep 2011 9:57:09 PM -0600 (CST)", true)]
    public void Date_comparisons(string match, string header, bool expected) =>
        Assert.Equal(expected, RuleMatcher.Matches(Rule($"Date\t{match}\tINBOX\tX"), Facts($"Date: {header}\r\n")));

    [Fact]
    public void Unparseable_Date_does_not_match_and_is_reported()
    {
        string? bad = null;
        Assert.False(RuleMatcher.Matches(Rule("Date\t>30\tINBOX\tX"), Facts("Date: whenever\r\n"), b => bad = b));
        Assert.Equal("whenever", bad);
    }

    [Fact]
    public void Date_server_query_is_a_superset_one_day_wide_each_way()
    {
        Assert.Equal("SENTSINCE 19-Sep-2011", Text(RuleMatcher.ServerQuery(Rule("Date\t>20 Sep 2011 12:00:00 +0000\tINBOX\tX"), out _)));
        Assert.Equal("SENTBEFORE 22-Sep-2011", Text(RuleMatcher.ServerQuery(Rule("Date\t<20 Sep 2011 12:00:00 +0000\tINBOX\tX"), out _)));
    }

    [Fact]
    public void InternalDate_rules_use_the_day_at_midnight_utc()
    {
        var d = new DateTimeOffset(2011, 9, 20, 23, 0, 0, TimeSpan.FromHours(-6));
        var facts = Facts("Subject: s\r\n", internalDate: d);
        Assert.True(RuleMatcher.Matches(Rule("InternalDate\t20-SEP-2011\tINBOX\tX"), facts));
        Assert.True(RuleMatcher.Matches(Rule("InternalDate\t=20 Sep 2011 00:00:00 +0000\tINBOX\tX"), facts));
        Assert.True(RuleMatcher.Matches(Rule("InternalDate\t<21 Sep 2011 00:00:00 +0000\tINBOX\tX"), facts));
        Assert.Equal("ON 20-Sep-2011", Text(RuleMatcher.ServerQuery(Rule("InternalDate\t=20 Sep 2011 00:00:00 +0000\tINBOX\tX"), out _)));
        Assert.Equal("SINCE 21-Sep-2011", Text(RuleMatcher.ServerQuery(Rule("InternalDate\t>20 Sep 2011 00:00:00 +0000\tINBOX\tX"), out _)));
        Assert.Equal("BEFORE 20-Sep-2011", Text(RuleMatcher.ServerQuery(Rule("InternalDate\t<20 Sep 2011 00:00:00 +0000\tINBOX\tX"), out _)));
        Assert.Equal("BEFORE 21-Sep-2011", Text(RuleMatcher.ServerQuery(Rule("InternalDate\t<20 Sep 2011 10:00:00 +0000\tINBOX\tX"), out _)));
        Assert.Null(RuleMatcher.ServerQuery(Rule("InternalDate\t=20 Sep 2011 10:00:00 +0000\tINBOX\tX"), out bool none));
        Assert.True(none);
    }

    /// <summary>The SEARCH text MailKit would send for a query (via its public optimizer-free formatting).</summary>
    private static string Text(MailKit.Search.SearchQuery? q) => q switch
    {
        null => "",
        MailKit.Search.BinarySearchQuery b when b.Term == MailKit.Search.SearchTerm.And => Text(b.Left) + " " + Text(b.Right),
        MailKit.Search.NumericSearchQuery n => (n.Term == MailKit.Search.SearchTerm.LargerThan ? "LARGER " : "SMALLER ") + n.Value,
        MailKit.Search.DateSearchQuery d => d.Term switch
        {
            MailKit.Search.SearchTerm.DeliveredAfter => "SINCE ",
            MailKit.Search.SearchTerm.DeliveredBefore => "BEFORE ",
            MailKit.Search.SearchTerm.DeliveredOn => "ON ",
            MailKit.Search.SearchTerm.SentSince => "SENTSINCE ",
            MailKit.Search.SearchTerm.SentBefore => "SENTBEFORE ",
            _ => d.Term + " ",
        } + d.Date.ToString("dd-MMM-yyyy", System.Globalization.CultureInfo.InvariantCulture),
        _ => q.Term.ToString().ToUpperInvariant() switch { "NOTSEEN" => "UNSEEN", var t => t },
    };
}
