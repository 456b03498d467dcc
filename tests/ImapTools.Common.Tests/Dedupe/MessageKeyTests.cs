using System.Text;
using ImapTools.Common.Dedupe;
using MimeKit;

namespace ImapTools.Common.Tests.Dedupe;

public class MessageKeyTests
{
    private static HeaderList Headers(string text) => Headers(Encoding.UTF8.GetBytes(text));

    private static HeaderList Headers(byte[] bytes) => HeaderList.Load(new MemoryStream(bytes));

    [Theory]
    [InlineData("Message-ID: <abc@host>\r\nSubject: x\r\n\r\n", "<abc@host>")]
    [InlineData("Message-Id: <abc@host>   \r\n\r\n", "<abc@host>")]
    [InlineData("message-id:\t<ABC@Host>\r\n\r\n", "<ABC@Host>")]                    // case kept
    [InlineData("Message-ID:\r\n <folded@host>\r\n\r\n", "<folded@host>")]             // value on the next line
    [InlineData("Message-ID:\r\n\t<folded@host>\r\nFrom: a\r\n\r\n", "<folded@host>")]
    [InlineData("Message-ID: <abc\r\n @host>\r\n\r\n", "<abc@host>")]                  // folded in the middle: joined
    [InlineData("Message-ID: <a@b> (comment)\r\n\r\n", "<a@b> (comment)")]
    [InlineData("Message-ID: <a@b>\r\n (comment)\r\n\r\n", "<a@b>")]                   // stops at the first '>' line
    [InlineData("Message-ID: no-brackets@host\r\n\r\n", "no-brackets@host")]
    [InlineData("Message-ID: <first@host>\r\nMessage-ID: <second@host>\r\n\r\n", "<first@host>")]
    public void MessageIdKey(string header, string expected) => Assert.Equal(expected, MessageKey.Compute(Headers(header)));

    [Fact]
    public void EightBitMessageIdKeptAsUtf8()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("Message-ID: <café@höst>\r\n\r\n");
        Assert.Equal("<café@höst>", MessageKey.Compute(Headers(bytes)));
        byte[] latin1 = Encoding.Latin1.GetBytes("Message-ID: <caf\u00e9@host>\r\n\r\n");
        Assert.Equal("<caf\u00e9@host>", MessageKey.Compute(Headers(latin1)));
    }

    [Fact]
    public void MissingMessageIdGivesLegacySyntheticKeyPlusHash()
    {
        const string header = "From: \"Joe Q. Public\" <joe@example.com>\r\nDate: Tue, 26 Jan 2016 20:53:11 +0100\r\nSubject: Re: [list] Hello, world!\r\n\r\n";
        string key = MessageKey.Compute(Headers(header));
        string legacy = "Tue26Jan2016205311" + "0100" + "RelistHelloworld" + "JoeQ.Publicjoeexample.com";
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(legacy) + "#[0-9a-f]{16}$", key);
    }

    [Theory]
    [InlineData("Message-ID: \r\nFrom: a@b\r\n\r\n")]
    [InlineData("Message-ID:\r\nFrom: a@b\r\n\r\n")]
    public void EmptyMessageIdIsTreatedAsMissing(string header) =>
        Assert.StartsWith("ab#", MessageKey.Compute(Headers(header)));

    [Fact]
    public void SyntheticUsesOnlyFirstLineOfFoldedHeaders()
    {
        string key = MessageKey.Compute(Headers("Subject: first\r\n second\r\nFrom: a@b\r\n\r\n"));
        Assert.StartsWith("firstab#", key);
    }

    [Fact]
    public void TwoDifferentIdLessMessagesWithSameDateSubjectFromDoNotCollapse()
    {
        const string common = "From: a@b\r\nDate: Tue, 26 Jan 2016 20:53:11 +0100\r\nSubject: Report\r\n";
        string k1 = MessageKey.Compute(Headers(common + "X-Seq: 1\r\n\r\n"));
        string k2 = MessageKey.Compute(Headers(common + "X-Seq: 2\r\n\r\n"));
        Assert.NotEqual(k1, k2);
        Assert.Equal(k1.Split('#')[0], k2.Split('#')[0]);
    }

    [Fact]
    public void SameMessageFromCrLfAndLfGetsSameKey()
    {
        const string lf = "From: a@b\nDate: Tue, 26 Jan 2016 20:53:11 +0100\nSubject: long\n folded subject\nReceived: from x\n\tby y\n\n";
        string crlf = lf.Replace("\n", "\r\n");
        Assert.Equal(MessageKey.Compute(Headers(lf)), MessageKey.Compute(Headers(crlf)));
        Assert.Equal(MessageKey.Compute(Headers(lf)), MessageKey.Compute(Headers(lf)));   // deterministic
    }

    [Fact]
    public void EightBitHeadersHashExactly()
    {
        byte[] a = Encoding.UTF8.GetBytes("From: a@b\r\nX-Name: Müller\r\n\r\n");
        byte[] b = Encoding.Latin1.GetBytes("From: a@b\r\nX-Name: M\u00fcller\r\n\r\n");
        string ka = MessageKey.Compute(Headers(a)), kb = MessageKey.Compute(Headers(b));
        Assert.NotEqual(ka, kb);   // different bytes → different hash
        Assert.Equal(ka, MessageKey.Compute(Headers(Encoding.UTF8.GetBytes("From: a@b\nX-Name: Müller\n\n"))));
    }

    [Theory]
    [InlineData("Tue, 26 Jan 2016", "Hi (there)!", "\"A\" <a@b.c> [x]", true, "Tue26Jan2016HithereAab.cx")]
    [InlineData("Tue, 26 Jan 2016", "Hi (there)!", "\"A\" <a@b.c> [x]", false, "Tue26Jan2016HithereAa@b.c[x]")]
    [InlineData(null, null, null, true, "")]
    [InlineData("1 Jan", "Grüße+", "a+b?*'c", true, "1JanGre" + "abc")]
    [InlineData("", "under_score", "x\ty z", true, "under_scorexyz")]
    public void Synthetic(string? date, string? subject, string? from, bool removeAt, string expected) =>
        Assert.Equal(expected, MessageKey.Synthetic(date, subject, from, removeAt));
}
