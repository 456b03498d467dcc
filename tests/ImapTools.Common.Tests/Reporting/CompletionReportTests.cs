using System.Text;
using ImapTools.Common.Reporting;

namespace ImapTools.Common.Tests.Reporting;

public sealed class CompletionReportTests
{
    [Fact]
    public void Body_has_the_legacy_table_the_size_section_and_the_folder_section()
    {
        var report = new CompletionReport { MaxMegabytes = 5 };
        report.AddCopied(60, "Big-Box on the destination");
        report.AddCopied(1234567, "Archive mailbox on the source");
        report.AddTooLarge("Huge video", "INBOX", 12_345_678);
        report.AddFolderNotCreated("Bad&AA-Name", "NO [CANNOT] Invalid mailbox name");
        string body = report.Body(new DateTime(2016, 1, 6, 20, 53, 11));
        Assert.Equal(
            "Here is a summary of the job:\r\n" +
            "Completed at Wed Jan  6 20:53:11 2016\r\n" +
            "\r\n" +
            "Msgs Copied      Folder            \r\n" +
            new string('=', 66) + "\r\n" +
            "60          Big-Box on the destination\r\n" +
            "1234567     Archive mailbox on the source\r\n" +
            "\r\n" +
            "The following messages were not copied because they exceeded the maximum size (5 megabytes):\r\n" +
            "Subject:  Huge video\r\n" +
            "Folder:   INBOX\r\n" +
            "Size:     12,345,678 bytes\r\n" +
            "\r\n" +
            "\r\n" +
            "The following folders could not be created on the destination server:\r\n" +
            "Bad&AA-Name:  NO [CANNOT] Invalid mailbox name\r\n", body);
    }

    [Fact]
    public void Message_has_the_legacy_headers_and_a_header_injection_in_the_user_is_neutralised()
    {
        var report = new CompletionReport();
        report.AddCopied(2, "INBOX on the destination");
        var when = new DateTimeOffset(2024, 3, 5, 10, 0, 0, TimeSpan.Zero);
        string text = Encoding.UTF8.GetString(report.ToMessage("alice\r\nBcc: evil@example.com", when));
        var message = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        Assert.Equal("imapcopy", message.From.Mailboxes.Single().Name);
        Assert.StartsWith("IMAP COPY completed at ", message.Subject);
        Assert.Equal($"{when.ToUnixTimeSeconds()}@imapcopy", message.MessageId);
        Assert.Equal(when, message.Date);
        Assert.Equal("IMAP Tools", message.Headers["X-Mailer"]);
        Assert.Empty(message.Bcc);
        Assert.Contains("2           INBOX on the destination", message.TextBody);
    }

    [Theory]
    [InlineData("mx.example.com:admin@example.com", "mx.example.com", 25, "admin@example.com")]
    [InlineData("127.0.0.1:2525:a@example.com, b@example.com", "127.0.0.1", 2525, "a@example.com|b@example.com")]
    public void Admin_notification_file_gives_server_port_and_recipients(string line, string host, int port, string recipients)
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, line + "\n");
        var n = AdminNotification.LoadIfPresent(path)!;
        Assert.Equal(host, n.SmtpHost);
        Assert.Equal(port, n.SmtpPort);
        Assert.Equal(recipients.Split('|'), n.Recipients);
    }

    [Fact]
    public void Admin_notification_file_absent_is_null_and_malformed_is_a_file_error()
    {
        Assert.Null(AdminNotification.LoadIfPresent(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
        string path = Path.GetTempFileName();
        File.WriteAllText(path, "no address here\n");
        var e = Assert.Throws<ImapToolsException>(() => AdminNotification.LoadIfPresent(path));
        Assert.Equal(ExitCodes.File, e.ExitCode);
        Assert.Contains(path, e.Message);
    }
}
