using System.Globalization;

namespace ImapTools.Common.Reporting;

/// <summary>
/// pop3toimap's end-of-run summary (one log entry with embedded line breaks, spec pop3toimap §8.1) and the
/// completion report mailed with <c>-n</c> (§8.3).
/// </summary>
public static class MigrationSummary
{
    /// <summary>The legacy timestamp of the notification, <c>MM-DD-YYYY HH:MM</c>.</summary>
    public static string Stamp(DateTime localTime) => localTime.ToString("MM-dd-yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The summary text: an empty line, the title, an empty line, <c>Users migrated  N</c>,
    /// <c>Total messages  N</c>, <c>Total bytes     N</c> and a final empty line (counters print 0, not blank).
    /// </summary>
    public static string Text(int usersMigrated, long messages, long bytes) =>
        "\n       Summary of POP3 -> IMAP migration\n\n" +
        $"Users migrated  {usersMigrated.ToString(CultureInfo.InvariantCulture)}\n" +
        $"Total messages  {messages.ToString(CultureInfo.InvariantCulture)}\n" +
        $"Total bytes     {bytes.ToString(CultureInfo.InvariantCulture)}\n";

    /// <summary>The notification message (header and body, LF line ends) as the original piped it to <c>sendmail -t</c>.</summary>
    public static string Notification(string address, string summary, DateTime start, DateTime end) =>
        $"To: {address}\nFrom: pop3toimap.migration\nSubject: pop3toimap migration has completed {Stamp(end)}\n\n" +
        $"{summary}\n\nStart {Stamp(start)}\nEnd   {Stamp(end)}\n";
}
