using ImapTools.Common.CommandLine;

namespace ImapTools.Common.Tests.CommandLine;

public class OptionValuesTests
{
    private static ParsedCommandLine P(params string[] args) =>
        LegacyCommandLine.Parse(new GetoptsSpec("t:X:d"), Array.Empty<LongOption>(), args, TextWriter.Null);

    [Fact]
    public void IntValues()
    {
        Assert.Equal(300, OptionValues.Int(P("-t300"), 't', "timeout"));
        Assert.Equal(-5, OptionValues.Int(P("-t", "-5"), 't', "timeout"));
        Assert.Null(OptionValues.Int(P("-d"), 't', "timeout"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("10s")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("99999999999")]
    public void InvalidIntIsAUsageError(string value)
    {
        var ex = Assert.Throws<ImapToolsException>(() => OptionValues.Int(P("-t", value), 't', "timeout"));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Equal($"Invalid value for -t (timeout): '{value}'", ex.Message);
    }

    [Fact]
    public void DoubleValues()
    {
        Assert.Equal(2.5, OptionValues.Double(P("-X", "2.5"), 'X', "max size in MB"));
        Assert.Equal(10.0, OptionValues.Double(P("-X10"), 'X', "max size in MB"));
        Assert.Null(OptionValues.Double(P(), 'X', "max size in MB"));
    }

    [Theory]
    [InlineData("2,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("x")]
    public void InvalidDoubleIsAUsageError(string value)
    {
        var ex = Assert.Throws<ImapToolsException>(() => OptionValues.Double(P("-X", value), 'X', "max size in MB"));
        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Equal($"Invalid value for -X (max size in MB): '{value}'", ex.Message);
    }

    [Fact]
    public void ListUsesCommaByDefault()
    {
        Assert.Equal(new[] { "INBOX", "Sent Items", "Drafts" }, OptionValues.List("INBOX, Sent Items ,Drafts"));
    }

    [Fact]
    public void ListUsesPipeWhenPresent()
    {
        Assert.Equal(new[] { "Work,2016", "INBOX" }, OptionValues.List("Work,2016| INBOX"));
    }

    [Fact]
    public void ListDropsEmptiesAndHandlesNull()
    {
        Assert.Equal(new[] { "a", "b" }, OptionValues.List(",a,, ,b,"));
        Assert.Empty(OptionValues.List(null));
        Assert.Empty(OptionValues.List(""));
    }
}
