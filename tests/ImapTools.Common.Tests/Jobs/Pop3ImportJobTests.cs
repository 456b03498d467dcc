using System.Text;
using ImapTools.Common.Jobs;
using MailKit;
using MimeKit;

namespace ImapTools.Common.Tests.Jobs;

public class Pop3ImportJobTests
{
    private static HeaderList Headers(string text) =>
        HeaderList.Load(new MemoryStream(Encoding.ASCII.GetBytes(text.Replace("\n", "\r\n") + "\r\n")));

    [Theory]
    [InlineData("Subject: x\nStatus: RO\n", true)]
    [InlineData("Subject: x\nStatus:   r\n", true)]
    [InlineData("Subject: x\nStatus: O\n", false)]
    [InlineData("Subject: x\nX-Status: R\n", false)]
    [InlineData("Subject: status R\n", false)]
    public void Seen_comes_from_a_status_header_starting_with_R(string header, bool seen) =>
        Assert.Equal(seen ? MessageFlags.Seen : MessageFlags.None, Pop3ImportJob.SeenFlag(Headers(header)));

    [Fact]
    public void Internal_date_from_date_then_received_then_none()
    {
        Assert.Equal(new DateTimeOffset(2015, 1, 5, 10, 0, 0, TimeSpan.FromHours(-5)),
            Pop3ImportJob.InternalDate(Headers("Received: from a; Tue, 2 Feb 2021 08:00:00 +0000\nDate: Mon, 5 Jan 2015 10:00:00 -0500\n")));
        Assert.Equal(new DateTimeOffset(2021, 2, 2, 8, 0, 0, TimeSpan.Zero),
            Pop3ImportJob.InternalDate(Headers("Received: from a by b;\n Tue, 2 Feb 2021 08:00:00 +0000\nReceived: from c; Mon, 1 Feb 2021 08:00:00 +0000\n")));
        Assert.Null(Pop3ImportJob.InternalDate(Headers("Subject: none\nDate: not a date\n")));
    }
}
