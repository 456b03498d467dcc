using ImapTools.Common.Selection;
using MailKit.Search;

namespace ImapTools.Common.Tests.Selection;

public class ImapDateTests
{
    [Theory]
    [InlineData("01-Mar-2012", 2012, 3, 1)]
    [InlineData("1-jan-2012", 2012, 1, 1)]
    [InlineData("31-DEC-2013", 2013, 12, 31)]
    [InlineData("15-January-2020", 2020, 1, 15)]
    [InlineData("15-xSepx-1901", 1901, 9, 15)]
    [InlineData("29-Feb-2012", 2012, 2, 29)]
    [InlineData("01-Jan-2998", 2998, 1, 1)]
    public void ParsesValid(string value, int y, int m, int d) =>
        Assert.Equal(new DateTime(y, m, d), ImapDate.ParseLegacy(value, "Sent after"));

    [Theory]
    [InlineData("")]
    [InlineData("2012-03-01")]
    [InlineData("0-Mar-2012")]
    [InlineData("32-Mar-2012")]
    [InlineData("01-Mrz-2012")]
    [InlineData("01-Mar-1900")]
    [InlineData("01-Mar-2999")]
    [InlineData("01-Mar-12x")]
    [InlineData("aa-Mar-2012")]
    [InlineData("31-Feb-2012")]
    [InlineData("01/Mar/2012")]
    [InlineData("01-Mar-2012-01")]
    public void RejectsInvalid(string value)
    {
        var e = Assert.Throws<ImapToolsException>(() => ImapDate.ParseLegacy(value, "Sent after"));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal($"The 'Sent after' date {value} must be in DD-MMM-YYYY format", e.Message);
    }

    [Theory]
    [InlineData(2012, 3, 1, "01-Mar-2012")]
    [InlineData(2013, 12, 31, "31-Dec-2013")]
    public void Formats(int y, int m, int d, string expected) => Assert.Equal(expected, ImapDate.Format(new DateTime(y, m, d, 13, 5, 0)));
}

public class DateRangeTests
{
    private static readonly DateTime A = new(2012, 1, 1), B = new(2013, 12, 31);

    [Fact]
    public void Describe()
    {
        Assert.Equal("(SINCE 01-Jan-2012) (BEFORE 31-Dec-2013)", new DateRange(A, B).Describe());
        Assert.Equal("SINCE 01-Jan-2012", new DateRange(A, null).Describe());
        Assert.Equal("BEFORE 31-Dec-2013", new DateRange(null, B).Describe());
        Assert.Equal("ALL", new DateRange(null, null).Describe());
    }

    [Fact]
    public void BothBoundsGiveSinceAndBefore()
    {
        var q = Assert.IsType<BinarySearchQuery>(new DateRange(A, B).ToSearchQuery());
        Assert.Equal(SearchTerm.And, q.Term);
        var since = Assert.IsType<DateSearchQuery>(q.Left);
        var before = Assert.IsType<DateSearchQuery>(q.Right);
        Assert.Equal(SearchTerm.DeliveredAfter, since.Term);      // MailKit sends SINCE
        Assert.Equal(A, since.Date);
        Assert.Equal(SearchTerm.DeliveredBefore, before.Term);    // MailKit sends BEFORE
        Assert.Equal(B, before.Date);
    }

    [Fact]
    public void SingleBounds()
    {
        var since = Assert.IsType<DateSearchQuery>(new DateRange(A, null).ToSearchQuery());
        Assert.Equal(SearchTerm.DeliveredAfter, since.Term);
        var before = Assert.IsType<DateSearchQuery>(new DateRange(null, B).ToSearchQuery());
        Assert.Equal(SearchTerm.DeliveredBefore, before.Term);
        Assert.Same(SearchQuery.All, new DateRange(null, null).ToSearchQuery());
        Assert.False(new DateRange(null, null).IsSet);
        Assert.True(new DateRange(A, null).IsSet);
    }
}

public class ClientDateFilterTests
{
    [Theory]
    [InlineData("SINCE=05-Jan-2016", true, 2016, 1, 5)]
    [InlineData("BEFORE=5-jan-2016", false, 2016, 1, 5)]
    public void Parses(string value, bool since, int y, int m, int d) =>
        Assert.Equal(new ClientDateFilter(since, new DateTime(y, m, d)), ClientDateFilter.Parse(value));

    [Theory]
    [InlineData("05-Jan-2016")]
    [InlineData("since=05-Jan-2016")]
    [InlineData("ON=05-Jan-2016")]
    [InlineData("")]
    public void RejectsOtherOperators(string value)
    {
        var e = Assert.Throws<ImapToolsException>(() => ClientDateFilter.Parse(value));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal("Error:  Special search operators are SINCE and BEFORE.", e.Message);
    }

    [Fact]
    public void RejectsBadDate() =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<ImapToolsException>(() => ClientDateFilter.Parse("SINCE=5-Foo-2016")).ExitCode);

    [Theory]
    [InlineData("2016-01-04T23:59:59+01:00", false, true)]
    [InlineData("2016-01-05T00:00:00+01:00", true, false)]
    [InlineData("2016-01-05T23:59:59-08:00", true, false)]   // the date as the server wrote it, whatever the local zone
    [InlineData("2016-01-06T00:30:00+14:00", true, false)]
    [InlineData("2015-12-31T12:00:00+00:00", false, true)]
    public void MatchesAtDayResolution(string internalDate, bool keptBySince, bool keptByBefore)
    {
        var date = DateTimeOffset.Parse(internalDate, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(keptBySince, ClientDateFilter.Parse("SINCE=05-Jan-2016").Matches(date));
        Assert.Equal(keptByBefore, ClientDateFilter.Parse("BEFORE=05-Jan-2016").Matches(date));
    }
}
