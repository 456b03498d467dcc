using ImapTools.Common.Reporting;

namespace ImapTools.Common.Tests.Reporting;

public sealed class ByteUnitsTests
{
    [Theory]
    [InlineData(0, "0.00 KB")]
    [InlineData(999, "1.00 KB")]
    [InlineData(125, "0.12 KB")]       // %.2f rounds half to even on the binary value
    [InlineData(999_999, "1000.00 KB")] // 6 digits: still KB
    [InlineData(1_000_000, "1.00 MB")]
    [InlineData(4_560_000, "4.56 MB")]
    [InlineData(999_999_999, "1000.00 MB")]
    [InlineData(1_234_567_890, "1.23 GB")]
    public void Unit_by_digit_count(long bytes, string text) => Assert.Equal(text, ByteUnits.ByDigits(bytes));
}
