using ImapTools.Common.Reporting;

namespace ImapTools.Common.Tests.Reporting;

public class FolderListReportTests
{
    [Theory]
    [InlineData("Caf&AOk-", "", '/', "Café")]
    [InlineData("INBOX.Archive.2010", "INBOX.", '.', "Archive/2010")]
    [InlineData("INBOX", "INBOX.", '.', "INBOX")]
    [InlineData("A.b", "", null, "A.b")]
    [InlineData("Bad&-name&", "", '/', "Bad&-name&")]
    public void Display_name_drops_the_prefix_uses_slashes_and_decodes(string raw, string prefix, char? delimiter, string expected) =>
        Assert.Equal(expected, FolderListReport.DisplayName(raw, prefix, delimiter));

    [Fact]
    public void Folder_and_header_lines()
    {
        Assert.Equal("INBOX   (8 msgs, 1.50 MB)", FolderListReport.FolderLine("INBOX", 8, 1_500_000));
        Assert.Equal("Drafts   (0 msgs, 0.00 MB)", FolderListReport.FolderLine("Drafts", 0, 0));
        Assert.Equal("Sent   (2 msgs, 0.12 MB)", FolderListReport.FolderLine("Sent", 2, 125_000)); // glibc ties to even
        Assert.Equal("Sent", FolderListReport.FolderLine("Sent"));
        Assert.Equal("Mailbox prefix    = NONE", FolderListReport.PrefixLine(""));
        Assert.Equal("Mailbox prefix    = INBOX.", FolderListReport.PrefixLine("INBOX."));
        Assert.Equal("Mailbox delimiter = /", FolderListReport.DelimiterLine('/'));
        Assert.Equal(38, FolderListReport.Separator.Length);
    }

    [Fact]
    public void Totals_add_the_rounded_megabytes_and_divide_by_1000()
    {
        // 1.50 + 0.00 (4999 bytes) + 1.12 (1,125,000: tie to even) = 2.62 MB → 0.00 GB
        Assert.Equal(["Total bytes   0.00 GB", "Total msgs    14"], FolderListReport.TotalLines([1_500_000, 4_999, 1_125_000], 14));
        Assert.Equal(["Total bytes   2.50 GB", "Total msgs    3"], FolderListReport.TotalLines([2_000_000_000, 500_000_000], 3));
    }

    [Fact]
    public void Large_message_line_has_one_decimal() =>
        Assert.Equal("Old Stuff   (1.5 MB) Invoice 42", FolderListReport.LargeMessageLine("Old Stuff", 1_500_000, "Invoice 42"));
}
