using System.Text;
using ImapTools.Common.Copy.Imap;
using MimeKit;

namespace ImapTools.Common.Tests.Copy.Imap;

public class AppendMessageTests
{
    /// <summary>What MailKit's APPEND writes for a message (ImapFolder.Append: CRLF, a final newline asked for).</summary>
    private static byte[] Sent(MimeMessage message)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.EnsureNewLine = true;
        using var output = new MemoryStream();
        message.WriteTo(format, output);
        return output.ToArray();
    }

    [Theory]
    [InlineData("From: a@x\r\nSubject: plain\r\n\r\nbody\r\n")]
    [InlineData(" starts folded\r\n\t\u0001\u0002 garbage\r\nSubject: x\r\n\r\nbody\r\n")]
    [InlineData("From: a@x\r\nSubject: headers only\r\n")]
    [InlineData("From: a@x\r\nthis line has no colon\r\nX: y\r\n\r\nbody\r\n")]
    [InlineData("Subject: m\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nno closing boundary\r\n")]
    [InlineData("Subject: nul\0here\r\n\r\nab\0cd\r\n")]
    [InlineData("Subject: bare\rCR\r\n\r\none\rtwo\r\n")]
    [InlineData("Subject: mixed\r\n\r\ncr-cr-lf\r\r\nend\r\n")]
    [InlineData("Subject: Caf\u00e9 \u00bd\r\n\r\nK\u00f6ln\r\n")]
    public void Sends_the_bytes_unchanged(string text)
    {
        byte[] data = Encoding.Latin1.GetBytes(text);
        var message = AppendMessage.Create(data, out string? problem);
        Assert.Null(problem);
        Assert.Equal(data, Sent(message!));
    }

    [Fact]
    public void Sends_a_20000_character_line_and_raw_utf8_unchanged()
    {
        byte[] data = Encoding.UTF8.GetBytes("Subject: Réunion ✓ 日本語\r\nX-Long: " + new string('h', 5000) + "\r\n\r\n" + new string('a', 20_000) + "\r\n");
        Assert.Equal(data, Sent(AppendMessage.Create(data, out _)!));
    }

    [Theory]
    [InlineData("Subject: lf\n\none\ntwo\n", "Subject: lf\r\n\r\none\r\ntwo\r\n")]
    [InlineData("Subject: x\r\n\r\nno final newline", "Subject: x\r\n\r\nno final newline")]
    [InlineData("\nSubject: lf first\n", "\r\nSubject: lf first\r\n")]
    [InlineData("Subject: header only, no final newline", "Subject: header only, no final newline\r\n")]
    public void Only_turns_bare_LF_into_CRLF_and_ends_a_lone_header_block_with_a_line_break(string input, string expected)
    {
        var message = AppendMessage.Create(Encoding.Latin1.GetBytes(input), out _);
        Assert.Equal(expected, Encoding.Latin1.GetString(Sent(message!)));
    }

    [Fact]
    public async Task Writes_the_same_bytes_asynchronously()
    {
        byte[] data = Encoding.Latin1.GetBytes(" folded\r\nSubject: a\r\n\r\nbody\0\r\n\r\n");
        using var output = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos; // as MailKit's APPEND writes
        await AppendMessage.Create(data, out _)!.WriteToAsync(format, output);
        Assert.Equal(data, output.ToArray());
    }

    [Fact]
    public void An_empty_message_is_refused_with_the_reason()
    {
        Assert.Null(AppendMessage.Create([], out string? problem));
        Assert.Equal("the message is empty (0 bytes)", problem);
    }
}
