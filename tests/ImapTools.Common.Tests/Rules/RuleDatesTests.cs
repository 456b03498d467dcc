using ImapTools.Common.Rules;

namespace ImapTools.Common.Tests.Rules;

public class RuleDatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Relative_days_are_the_local_date_at_midnight_utc()
    {
        var local = Now.ToLocalTime().AddDays(-30).Date;
        Assert.Equal(new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, TimeSpan.Zero), RuleDates.DaysAgo(30, Now));
        Assert.True(RuleDates.TryParseRuleDate(" 30 ", Now, out var d, out bool relative));
        Assert.True(relative);
        Assert.Equal(RuleDates.DaysAgo(30, Now), d);
        Assert.True(RuleDates.TryParseRuleDate("+30", Now, out var plus, out _));
        Assert.Equal(d, plus);
    }

    [Theory]
    [InlineData("20 Sep 2011 21:57:09 -0600", 2011, 9, 21, 3, 57, 9)]
    [InlineData("Tue, 20 Sep 2011 21:57:09 -0600", 2011, 9, 21, 3, 57, 9)]
    [InlineData("01 Jan 2012 00:00:00 +0000*", 2012, 1, 1, 0, 0, 0)]
    public void Absolute_rule_dates(string text, int y, int mo, int d, int h, int mi, int s)
    {
        Assert.True(RuleDates.TryParseRuleDate(text, Now, out var date, out bool relative));
        Assert.False(relative);
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero), date.ToUniversalTime());
    }

    [Theory]
    [InlineData("2011-09-20")]
    [InlineData("Sep 20 2011")]
    [InlineData("20 Sep 2011")]
    public void Free_form_dates_without_zone_are_local(string text)
    {
        Assert.True(RuleDates.TryParseRuleDate(text, Now, out var date, out _));
        Assert.Equal(new DateTime(2011, 9, 20), date.LocalDateTime.Date);
    }

    [Theory]
    [InlineData("*2009*")]
    [InlineData("yesterday")]
    public void Non_dates_are_refused(string text) => Assert.False(RuleDates.TryParseRuleDate(text, Now, out _, out _));

    [Fact]
    public void ISEARCH_relative_days_first_occurrence_and_SINCE_becomes_SENTSINCE()
    {
        string day30 = Now.ToLocalTime().AddDays(-30).ToString("dd-MMM-yyyy", System.Globalization.CultureInfo.InvariantCulture);
        string day7 = Now.ToLocalTime().AddDays(-7).ToString("dd-MMM-yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"(SENTSINCE {day30})", RuleDates.ResolveSearchDays("(SINCE 30)", Now));
        Assert.Equal($"(FROM x) (BEFORE {day7}) (BEFORE 3)", RuleDates.ResolveSearchDays("(FROM x) (before 7) (BEFORE 3)", Now));
        Assert.Equal("(SINCE 01-Jan-2020)", RuleDates.ResolveSearchDays("(SINCE 01-Jan-2020)", Now));
    }

    [Fact]
    public void Header_dates_are_read_loosely()
    {
        Assert.True(RuleDates.TryParseHeaderDate("Tuesday, 20 Sep 2011 9:57:09 PM -0600 (CST)", out var d));
        Assert.Equal(2011, d.Year);
        Assert.False(RuleDates.TryParseHeaderDate("not a date", out _));
    }

    [Fact]
    public void InternalDate_day_text_is_upper_case()
    {
        Assert.Equal("05-SEP-2011", RuleDates.InternalDay(new DateTimeOffset(2011, 9, 5, 23, 0, 0, TimeSpan.FromHours(-6))));
    }
}
