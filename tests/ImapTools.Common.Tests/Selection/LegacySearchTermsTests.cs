using ImapTools.Common.Selection;

namespace ImapTools.Common.Tests.Selection;

public class LegacySearchTermsTests
{
    [Theory]
    [InlineData(new[] { "from=alice" }, "from \"alice\"")]
    [InlineData(new[] { "OR", "from=bob", "subject=arch" }, "OR from \"bob\" subject \"arch\"")]
    [InlineData(new[] { "sentsince=19-Sep-2011", "NOT", "subject=hello" }, "sentsince \"19-Sep-2011\" NOT subject \"hello\"")]
    [InlineData(new[] { "AND", "subject=hello", "from=alice" }, "subject \"hello\" from \"alice\"")]
    [InlineData(new[] { "subject=ANDROID" }, "subject \"ANDROID\"")]
    [InlineData(new[] { "date=2011" }, "header date \"2011\"")]
    [InlineData(new[] { "header Received=xxxxx" }, "header Received \"xxxxx\"")]
    [InlineData(new[] { "header", "Received=xxxxx" }, "header Received \"xxxxx\"")]
    [InlineData(new[] { "subject=sales meeting" }, "subject \"sales meeting\"")]
    [InlineData(new[] { "subject = a=b" }, "subject \"a=b\"")]
    [InlineData(new[] { "subject=say \"hi\"" }, "subject \"say \\\"hi\\\"\"")]
    [InlineData(new[] { "SEEN", "from=x", "", "to=ignored" }, "SEEN from \"x\"")]
    [InlineData(new[] { "message-id=<a@b>" }, "header message-id \"<a@b>\"")]
    public void Builds_the_search_keys(string[] args, string expected) => Assert.Equal(expected, LegacySearchTerms.Build(args));

    [Fact]
    public void The_keys_parse_as_a_search_expression()
    {
        string keys = LegacySearchTerms.Build(["OR", "from=bob", "subject=say \"hi\"", "NOT", "larger=1000", "sentsince=19-Sep-2011"]);
        var query = SearchExpression.Parse(keys);
        Assert.NotNull(query);
        Assert.Throws<ImapToolsException>(() => SearchExpression.Parse(LegacySearchTerms.Build(["foo=bar"])));
    }
}
