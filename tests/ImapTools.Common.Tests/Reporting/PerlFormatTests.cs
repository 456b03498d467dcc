using ImapTools.Common.Reporting;

namespace ImapTools.Common.Tests.Reporting;

public sealed class PerlFormatTests
{
    [Theory]
    [InlineData(125000 / 1e6, 2, "0.12")]      // exact binary tie below: glibc rounds to even
    [InlineData(1125000 / 1e6, 2, "1.12")]
    [InlineData(1250000 / 1e6, 1, "1.2")]
    [InlineData(5000 / 1e6, 2, "0.01")]
    [InlineData(0.0, 2, "0.00")]
    [InlineData(2.5, 0, "2")]
    [InlineData(3.5, 0, "4")]
    [InlineData(-1.005, 2, "-1.00")]           // 1.005 is 1.00499999… in binary
    [InlineData(434.875, 2, "434.88")]         // exact tie, 7 odd → round up to even 8
    [InlineData(1234567.891, 2, "1234567.89")]
    [InlineData(1e20, 1, "100000000000000000000.0")]
    public void Fixed_matches_glibc(double value, int digits, string expected) =>
        Assert.Equal(expected, PerlFormat.Fixed(value, digits));

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(0.0, "0")]
    [InlineData(1583.27, "1583.27")]
    [InlineData(2.04, "2.04")]
    [InlineData(1234567.891234567, "1234567.89123457")]
    [InlineData(1e15, "1e+15")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-42.0, "-42")]
    public void Number_matches_perl_stringification(double value, string expected) =>
        Assert.Equal(expected, PerlFormat.Number(value));

    [Theory]
    [InlineData("1583.27", "1,583.27")]
    [InlineData("1234567.5", "1,234,567.5")]
    [InlineData("12345678901", "12,345,678,901")]
    [InlineData("0", "0")]
    [InlineData("-1234", "-1,234")]
    [InlineData("123", "123")]
    [InlineData("1234.5678", "1,234.5678")]
    public void Commafy_groups_the_integer_part(string input, string expected) =>
        Assert.Equal(expected, PerlFormat.Commafy(input));

    [Fact]
    public void Commafy_long() => Assert.Equal("9,876,543,210", PerlFormat.Commafy(9876543210L));

    [Theory]
    [InlineData("abc", 5, "abc  ")]
    [InlineData("abcdef", 4, "abcd")]
    [InlineData("", 2, "  ")]
    public void PackA_pads_and_truncates(string text, int width, string expected) =>
        Assert.Equal(expected, PerlFormat.PackA(text, width));

    [Theory]
    [InlineData("434.87 MB", 434.87)]
    [InlineData("  12abc", 12)]
    [InlineData("abc", 0)]
    [InlineData("-3.5", -3.5)]
    [InlineData("1e3x", 1000)]
    [InlineData(".", 0)]
    [InlineData("", 0)]
    public void NumericPrefix_reads_the_leading_number(string text, double expected) =>
        Assert.Equal(expected, PerlFormat.NumericPrefix(text));
}
