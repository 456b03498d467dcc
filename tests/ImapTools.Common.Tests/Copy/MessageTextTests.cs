using System.Text;
using ImapTools.Common.Copy;

namespace ImapTools.Common.Tests.Copy;

public class MessageTextTests
{
    private static string N(string s) => Encoding.ASCII.GetString(MessageText.NormalizeLineEndings(Encoding.ASCII.GetBytes(s)));

    [Theory]
    [InlineData("a\nb\n", "a\r\nb\r\n")]
    [InlineData("a\r\nb\r\n", "a\r\nb\r\n")]
    [InlineData("a\nb", "a\r\nb\r\n")]
    [InlineData("a\r\n\r\nb\n\n\n", "a\r\n\r\nb\r\n")]
    public void Normalizes_to_crlf_and_drops_trailing_empty_lines(string input, string expected) => Assert.Equal(expected, N(input));

    [Fact]
    public void Wraps_long_lines_without_the_extra_empty_line()
    {
        string line = new('x', 2000);
        string result = Encoding.ASCII.GetString(MessageText.WrapLongLines(Encoding.ASCII.GetBytes("H: v\r\n\r\n" + line + "\r\nend\r\n"), 1000));
        Assert.Equal("H: v\r\n\r\n" + new string('x', 1000) + "\r\n" + new string('x', 1000) + "\r\nend\r\n", result);
    }

    [Fact]
    public void Short_lines_are_unchanged_by_wrap()
    {
        string text = "a\r\n\r\nb\r\n";
        Assert.Equal(text, Encoding.ASCII.GetString(MessageText.WrapLongLines(Encoding.ASCII.GetBytes(text), 1000)));
    }
}
