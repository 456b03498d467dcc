using System.Text;
using ImapTools.Common.Dedupe;
using MimeKit;

namespace ImapTools.Common.Tests.Dedupe;

public class DuplicateKeyTests
{
    private static HeaderList Headers(string text) => HeaderList.Load(new MemoryStream(Encoding.UTF8.GetBytes(text + "\r\n")));

    [Fact]
    public void Body_md5_matches_the_spec_check_vector()
    {
        byte[] message = Encoding.ASCII.GetBytes("Subject: x\r\nFrom: a@b\r\n\r\nHello body\r\n");
        Assert.Equal("41515008df281a8726117bb2ee3fff81", DuplicateKey.BodyMd5(message));
    }

    [Fact]
    public void Body_md5_ignores_headers_and_accepts_bare_lf()
    {
        byte[] a = Encoding.ASCII.GetBytes("Subject: one\r\n\r\nsame\r\n");
        byte[] b = Encoding.ASCII.GetBytes("Subject: two\r\nX: y\r\n\r\nsame\r\n");
        Assert.Equal(DuplicateKey.BodyMd5(a), DuplicateKey.BodyMd5(b));
        Assert.NotEqual(DuplicateKey.BodyMd5(Encoding.ASCII.GetBytes("S: 1\n\nbody one\n")), DuplicateKey.BodyMd5(Encoding.ASCII.GetBytes("S: 1\n\nbody two\n")));
        Assert.Null(DuplicateKey.BodyMd5(Encoding.ASCII.GetBytes("Subject: only a header")));
    }

    [Fact]
    public void Body_md5_adds_a_missing_final_newline()
    {
        Assert.Equal(DuplicateKey.BodyMd5(Encoding.ASCII.GetBytes("S: 1\r\n\r\nx\r\n")), DuplicateKey.BodyMd5(Encoding.ASCII.GetBytes("S: 2\r\n\r\nx\r")));
    }

    [Fact]
    public void Header_key_is_the_first_value_lower_cased_and_null_when_missing()
    {
        var spec = new DuplicateKeySpec(DuplicateKeyKind.Header);
        Assert.Equal("<abc@x.org>", DuplicateKey.FromHeaders(spec, Headers("Message-ID:  <ABC@x.org> \r\nMessage-ID: <other@x>")));
        Assert.Equal("<abc@x.org>", DuplicateKey.FromHeaders(spec, Headers("message-id:\r\n <abc@x.org>")));
        Assert.Null(DuplicateKey.FromHeaders(spec, Headers("Subject: none")));
        Assert.Null(DuplicateKey.FromHeaders(spec, Headers("Message-ID: ")));
    }

    [Fact]
    public void Field_and_internal_date()
    {
        var date = new DateTimeOffset(2011, 9, 20, 12, 0, 0, TimeSpan.FromHours(-6));
        var spec = new DuplicateKeySpec(DuplicateKeyKind.HeaderAndInternalDate, "Subject");
        Assert.Equal("hello world 20-Sep-2011 12:00:00 -0600", DuplicateKey.FromHeaders(spec, Headers("Subject: Hello\r\n World"), date));
        Assert.Equal("the Subject", spec.Description);
        Assert.Equal(["Subject"], spec.HeaderFields);
        Assert.True(spec.NeedsInternalDate);
    }

    [Fact]
    public void Checksum_depends_on_the_five_fields_only()
    {
        string baseHeaders = "From: a@x\r\nTo: b@x\r\nSubject: s\r\nDate: Mon, 1 Jan 2018 10:00:00 +0000";
        string k1 = DuplicateKey.Checksum(Headers(baseHeaders + "\r\nMessage-ID: <1@x>"));
        string k2 = DuplicateKey.Checksum(Headers(baseHeaders + "\r\nMessage-ID: <2@x>\r\nX-Other: 1"));
        string k3 = DuplicateKey.Checksum(Headers(baseHeaders + "\r\nCc: c@x"));
        Assert.Equal(k1, k2);
        Assert.NotEqual(k1, k3);
        Assert.Equal(32, k1.Length);
        Assert.Equal(k1, DuplicateKey.FromHeaders(new DuplicateKeySpec(DuplicateKeyKind.Checksum), Headers(baseHeaders)));
    }
}
