using ImapTools.Common.Reporting;

namespace ImapTools.Common.Tests.Reporting;

public class MigrationSummaryTests
{
    [Fact]
    public void Summary_text_is_the_legacy_block_with_zeroes_printed()
    {
        Assert.Equal("\n       Summary of POP3 -> IMAP migration\n\nUsers migrated  2\nTotal messages  0\nTotal bytes     12345\n",
            MigrationSummary.Text(2, 0, 12345));
    }

    [Fact]
    public void Notification_has_the_legacy_header_and_start_end_lines()
    {
        var start = new DateTime(2026, 1, 5, 9, 3, 0);
        var end = new DateTime(2026, 1, 5, 10, 7, 59);
        Assert.Equal(
            "To: admin@example.org\nFrom: pop3toimap.migration\nSubject: pop3toimap migration has completed 01-05-2026 10:07\n\n" +
            "SUMMARY\n\nStart 01-05-2026 09:03\nEnd   01-05-2026 10:07\n",
            MigrationSummary.Notification("admin@example.org", "SUMMARY", start, end));
    }
}
