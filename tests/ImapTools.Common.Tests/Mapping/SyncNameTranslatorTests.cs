using ImapTools.Common.Mapping;

namespace ImapTools.Common.Tests.Mapping;

public sealed class SyncNameTranslatorTests
{
    private static readonly MailboxNamespace Slash = new("", '/');
    private static readonly MailboxNamespace DotInbox = new("INBOX.", '.');

    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Sent", "INBOX.Sent")]
    [InlineData("Archive/2019/Q1", "INBOX.Archive.2019.Q1")]
    [InlineData("Sent_Items.old", "INBOX.Sent_Items.old")]   // no "_" substitution, unlike imapcopy
    public void Slash_to_dot_inbox(string source, string expected) =>
        Assert.Equal(expected, new SyncNameTranslator(Slash, DotInbox, null).Translate(source));

    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("INBOX.Sent", "Sent")]
    [InlineData("INBOX.Archive.2019", "Archive/2019")]
    public void Dot_inbox_to_slash(string source, string expected) =>
        Assert.Equal(expected, new SyncNameTranslator(DotInbox, Slash, null).Translate(source));

    [Fact]
    public void Map_entries_then_namespace_and_whitespace_cleanup()
    {
        var map = MailboxMap.Parse(new StringReader("Sent: Sent Items/Old\n"), '/', '.');
        var t = new SyncNameTranslator(Slash, DotInbox, map, collapseWhitespace: true);
        Assert.Equal("INBOX.Sent Items.Old", t.Translate("Sent"));
        Assert.Equal("INBOX.My Folder", t.Translate("  My   Folder "));
        Assert.Equal("a b", SyncNameTranslator.CollapseWhitespace(" a \t b "));
    }

    [Fact]
    public void Same_namespace_keeps_names() =>
        Assert.Equal("Archive/2019", new SyncNameTranslator(Slash, Slash, null).Translate("Archive/2019"));
}
