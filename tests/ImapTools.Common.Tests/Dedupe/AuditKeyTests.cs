using System.Text;
using ImapTools.Common.Dedupe;
using MimeKit;

namespace ImapTools.Common.Tests.Dedupe;

public sealed class AuditKeyTests
{
    private static HeaderList Headers(string text) => HeaderList.Load(new MemoryStream(Encoding.UTF8.GetBytes(text + "\r\n")));

    [Fact]
    public void Message_id_is_the_key_cut_at_whitespace()
    {
        Assert.Equal("<a@b>", AuditKey.Compute(Headers("Message-ID:   <a@b>\r\nSubject: x\r\n")));
        Assert.Equal("<a@b>", AuditKey.Compute(Headers("Message-ID: <a@b> trailing\r\n")));
        Assert.Equal("<folded@b>", AuditKey.Compute(Headers("Message-ID:\r\n <folded@b>\r\n")));
    }

    [Fact]
    public void Imapsync_ids_and_g_use_the_synthetic_key_with_date_normalised()
    {
        const string rest = "Date: Mon, 1 Jan 2018 10:00:00 +0000\r\nSubject: Hi there!\r\nFrom: \"A\" <a@example.org>\r\n";
        string expected = "Mon01Jan2018100000HithereA" + "a@example.org";
        Assert.Equal(expected, AuditKey.Compute(Headers("Message-ID: <123.imapsync>\r\n" + rest)));
        Assert.Equal(expected, AuditKey.Compute(Headers("Message-ID: <x@y>\r\n" + rest), alwaysSynthetic: true));
        Assert.Equal(expected, AuditKey.Compute(Headers(rest.Replace("Mon, 1 Jan 2018 10:00:00 +0000", "Mon, 01 Jan 2018 10:00:00 -0500"))));
    }

    [Theory]
    [InlineData("Mon, 1 Jan 2018 10:00:00 +0000", "Mon, 01 Jan 2018 10:00:00")]
    [InlineData("1 Jan 2018 10:00:00 +0000 (UTC)", "1 Jan 2018 10:00:00")]
    [InlineData("no time here", "no time here")]
    public void Date_normalisation(string date, string expected) => Assert.Equal(expected, AuditKey.NormalizeDate(date));
}
