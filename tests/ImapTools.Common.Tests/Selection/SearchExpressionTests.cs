using ImapTools.Common;
using ImapTools.Common.Selection;
using MailKit.Search;

namespace ImapTools.Common.Tests.Selection;

public class SearchExpressionTests
{
    [Fact]
    public void Parses_the_guide_example()
    {
        var q = SearchExpression.Parse("OR (SINCE 01-mar-2001 SEEN)(before 01-mar-2001 UNSEEN)");
        var or = Assert.IsType<BinarySearchQuery>(q);
        Assert.Equal(SearchTerm.Or, or.Term);
        var left = Assert.IsType<BinarySearchQuery>(or.Left);
        Assert.Equal(SearchTerm.And, left.Term);
        var since = Assert.IsType<DateSearchQuery>(left.Left);
        Assert.Equal(SearchTerm.DeliveredAfter, since.Term);
        Assert.Equal(new DateTime(2001, 3, 1), since.Date);
        Assert.Equal(SearchTerm.Seen, left.Right.Term);
    }

    [Fact]
    public void Parses_strings_numbers_and_not()
    {
        var q = SearchExpression.Parse("NOT FROM \"Bob Smith\" LARGER 1000 HEADER X-Spam yes KEYWORD $Junk");
        Assert.Equal(SearchTerm.And, q.Term);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SINCE")]
    [InlineData("SINCE 2001-03-01")]
    [InlineData("FOO")]
    [InlineData("(SEEN")]
    [InlineData("SEEN)")]
    [InlineData("LARGER x")]
    [InlineData("FROM \"unterminated")]
    public void Malformed_expressions_are_usage_errors(string text)
    {
        var e = Assert.Throws<ImapToolsException>(() => SearchExpression.Parse(text));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.StartsWith("Invalid SEARCH expression", e.Message);
    }
}
