using ImapTools.Common.Mapping;

namespace ImapTools.Common.Tests.Mapping;

public class MailboxNamespaceTests
{
    [Theory]
    [InlineData(". INBOX.", "INBOX.", '.')]
    [InlineData("/", "", '/')]
    [InlineData("  /   Mail/ ", "Mail/", '/')]
    [InlineData("\".\" \"INBOX.\"", "INBOX.", '.')]
    [InlineData("/ \"\"", "", '/')]
    [InlineData(". INBOX. extra", "INBOX.", '.')]
    public void ParseOverride(string value, string prefix, char delimiter) =>
        Assert.Equal(new MailboxNamespace(prefix, delimiter), MailboxNamespace.ParseOverride(value));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".. INBOX.")]
    public void ParseOverrideRejectsBadValues(string value)
    {
        var e = Assert.Throws<ImapToolsException>(() => MailboxNamespace.ParseOverride(value));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
    }

    [Theory]
    [InlineData("INBOX", "inbox", true)]
    [InlineData("Sent", "sent", false)]
    [InlineData("Sent", "Sent", true)]
    [InlineData("INBOX.a", "inbox.a", false)]
    public void ComparerIsCaseSensitiveExceptInbox(string a, string b, bool equal)
    {
        Assert.Equal(equal, MailboxNameComparer.Instance.Equals(a, b));
        if (equal) Assert.Equal(MailboxNameComparer.Instance.GetHashCode(a), MailboxNameComparer.Instance.GetHashCode(b));
    }
}

public class ModifiedUtf7Tests
{
    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Café", "Caf&AOk-")]
    [InlineData("Envoyés", "Envoy&AOk-s")]
    [InlineData("AT&T", "AT&-T")]
    [InlineData("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]   // RFC 3501 example
    [InlineData("Entwürfe", "Entw&APw-rfe")]
    [InlineData("😀", "&2D3eAA-")]
    [InlineData("a\tb", "a&AAk-b")]
    public void RoundTrips(string name, string wire)
    {
        Assert.Equal(wire, ModifiedUtf7.Encode(name));
        Assert.Equal(name, ModifiedUtf7.Decode(wire));
    }

    [Theory]
    [InlineData("Caf&AOk-", true)]
    [InlineData("AT&-T", true)]
    [InlineData("Café", false)]
    [InlineData("Tom & Jerry", false)]
    [InlineData("R&D", false)]
    [InlineData("R&D-x", false)]
    [InlineData("Plain", false)]
    [InlineData("&AGE-", false)]     // decodes to "a", but that is not the canonical form
    public void LooksEncoded(string s, bool expected) => Assert.Equal(expected, ModifiedUtf7.LooksEncoded(s));

    [Theory]
    [InlineData("&AOk")]
    [InlineData("&A-")]
    [InlineData("&AO!-")]
    [InlineData("&2D0-")]             // lone high surrogate
    [InlineData("Café")]
    public void DecodeRejectsMalformed(string wire)
    {
        Assert.Throws<FormatException>(() => ModifiedUtf7.Decode(wire));
        Assert.False(ModifiedUtf7.TryDecode(wire, out string same));
        Assert.Equal(wire, same);
    }

    [Fact]
    public void DecodeIfEncoded()
    {
        Assert.Equal("Café", ModifiedUtf7.DecodeIfEncoded("Caf&AOk-"));
        Assert.Equal("R&D", ModifiedUtf7.DecodeIfEncoded("R&D"));
    }
}
