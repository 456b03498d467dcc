using ImapTools.Common.Mapping;

namespace ImapTools.Common.Tests.Mapping;

public class MailboxNameTranslatorTests
{
    private static readonly MailboxNamespace Courier = new("INBOX.", '.');
    private static readonly MailboxNamespace Dovecot = new("", '/');

    private static string Translate(MailboxNamespace src, MailboxNamespace dst, string name,
        NameTranslationOptions? options = null, MailboxMap? map = null) =>
        new MailboxNameTranslator(src, dst, map, options ?? new NameTranslationOptions()).Translate(name);

    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("INBOX.Sent.2010", "Sent/2010")]
    [InlineData("INBOX.a/b", "a_b")]
    [InlineData("INBOX.Sent", "Sent")]
    [InlineData("INBOX.INBOX", "INBOX")]
    [InlineData("INBOX.Envoyés", "Envoyés")]
    [InlineData("INBOX.Ärger.Größe", "Ärger/Größe")]
    [InlineData("INBOX.Trailing  ", "Trailing")]
    [InlineData("INBOX.Projects .2010", "Projects/2010")]
    public void CourierToDovecot(string source, string expected) => Assert.Equal(expected, Translate(Courier, Dovecot, source));

    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Inbox", "Inbox")]
    [InlineData("Sent/2010", "INBOX.Sent.2010")]
    [InlineData("a.b", "INBOX.a_b")]
    [InlineData("INBOX/Child", "INBOX.Child")]
    [InlineData("Envoyés", "INBOX.Envoyés")]
    [InlineData("日本語/子", "INBOX.日本語.子")]
    public void DovecotToCourier(string source, string expected) => Assert.Equal(expected, Translate(Dovecot, Courier, source));

    [Theory]
    [InlineData("Sent", "Old/Sent")]
    [InlineData("INBOX", "Old/INBOX")]
    [InlineData("Sent/2010", "Old/Sent/2010")]
    public void SameNamespaceWithRoot(string source, string expected) =>
        Assert.Equal(expected, Translate(Dovecot, Dovecot, source, new NameTranslationOptions(Root: "Old")));

    [Theory]
    [InlineData("INBOX.Sent", "INBOX.Old.Sent")]
    [InlineData("INBOX", "INBOX.Old.INBOX")]
    public void SameCourierNamespaceWithRoot(string source, string expected) =>
        Assert.Equal(expected, Translate(Courier, Courier, source, new NameTranslationOptions(Root: "Old")));

    [Theory]
    [InlineData("INBOX", "Old")]
    [InlineData("INBOX.Sent", "Old/Sent")]
    [InlineData("INBOX.Sent.2010", "Old/Sent/2010")]
    public void DifferentNamespacesWithRootMakesInboxTheRoot(string source, string expected) =>
        Assert.Equal(expected, Translate(Courier, Dovecot, source, new NameTranslationOptions(Root: "Old")));

    [Theory]
    [InlineData("INBOX", "INBOX.Old")]
    [InlineData("Sent/2010", "INBOX.Old.Sent.2010")]
    public void DifferentNamespacesWithRootAndDestinationPrefix(string source, string expected) =>
        Assert.Equal(expected, Translate(Dovecot, Courier, source, new NameTranslationOptions(Root: "Old")));

    [Fact]
    public void RootMailboxIsDestinationPrefixPlusRoot()
    {
        Assert.Equal("INBOX.Old", new MailboxNameTranslator(Dovecot, Courier, null, new NameTranslationOptions("Old")).RootMailbox);
        Assert.Equal("Old", new MailboxNameTranslator(Courier, Dovecot, null, new NameTranslationOptions("Old")).RootMailbox);
        Assert.Null(new MailboxNameTranslator(Courier, Dovecot, null, new NameTranslationOptions()).RootMailbox);
    }

    [Theory]
    [InlineData("[Gmail]/Sent Mail", "Gmail/Sent Mail")]
    [InlineData("[Gmail]/Trash", "Gmail/Trash")]
    [InlineData("Work/[Gmail]", "Work/[Gmail]")]
    [InlineData("a.b", "a.b")]
    public void GmailSourceRenamesLeadingGmail(string source, string expected) =>
        Assert.Equal(expected, Translate(Dovecot, Dovecot, source, new NameTranslationOptions(GmailSource: true)));

    [Fact]
    public void GmailSourceDisablesUnderscoreSubstitution() =>
        Assert.Equal("INBOX.Gmail.a.b", Translate(Dovecot, Courier, "[Gmail]/a.b", new NameTranslationOptions(GmailSource: true)));

    [Theory]
    [InlineData("[Gmail]/Sent Mail", "/Sent Mail")]
    [InlineData("Labels/[Gmail]x[Gmail]", "Labels/x[Gmail]")]
    [InlineData("Sent", "Sent")]
    public void StripGmailDeletesFirstGmail(string source, string expected) =>
        Assert.Equal(expected, Translate(Dovecot, Dovecot, source, new NameTranslationOptions(StripGmail: true)));

    [Fact]
    public void GmailNamesKeepDestinationDelimiterCharacters() =>
        // "[Gmail]/" in the name disables the '_' substitution even without -G.
        Assert.Equal("INBOX.[Gmail].Sent Mail", Translate(Dovecot, Courier, "[Gmail]/Sent Mail"));

    [Theory]
    [InlineData("Sent \t/2010", "Sent/2010")]
    [InlineData("A /B /C ", "A/B/C")]
    public void WhitespaceBeforeSlashAndTrailingWhitespaceRemoved(string source, string expected) =>
        Assert.Equal(expected, Translate(Dovecot, Dovecot, source));

    [Fact]
    public void InboxInboxWorkaroundDoesNotEatLongerNames() =>
        Assert.Equal("INBOX.INBOXES", Translate(Courier, Courier, "INBOX.INBOXES"));

    [Fact]
    public void SameNamespaceKeepsNamesUnchanged()
    {
        Assert.Equal("INBOX.Sent.2010", Translate(Courier, Courier, "INBOX.Sent.2010"));
        Assert.Equal("a/b", Translate(Dovecot, Dovecot, "a/b"));
        Assert.Equal("Envoyés", Translate(Dovecot, Dovecot, "Envoyés"));
    }

    private static MailboxMap Map(string text, MailboxNamespace src, MailboxNamespace dst) =>
        MailboxMap.Parse(new StringReader(text), src.Delimiter, dst.Delimiter);

    [Theory]
    [InlineData("INBOX.Sent", "Sent Items")]
    [InlineData("INBOX.Old Stuff", "Archive/Old")]        // Q3: nested target keeps its hierarchy (original gave Archive_Old)
    [InlineData("INBOX.Drafts", "Entwürfe")]
    [InlineData("INBOX.Trash", "Trash")]                   // not mapped
    [InlineData("INBOX.Envoyés", "Sent/Fr")]
    public void MapEntriesCourierToDovecot(string source, string expected)
    {
        var map = Map("INBOX/Sent: Sent Items\nINBOX/Old Stuff: Archive/Old\nINBOX/Drafts: Entwürfe\nINBOX/Envoy&AOk-s: Sent/Fr\n", Courier, Dovecot);
        Assert.Equal(expected, Translate(Courier, Dovecot, source, map: map));
    }

    [Theory]
    [InlineData("Sent", "INBOX.Sent Items")]
    [InlineData("Old", "INBOX.Archive.Old")]               // Q3: not INBOX.Archive_Old
    [InlineData("Projects/2010", "INBOX.Archive.2010")]
    [InlineData("Unmapped/x.y", "INBOX.Unmapped.x_y")]     // source names still get the '_' substitution
    public void MapEntriesDovecotToCourier(string source, string expected)
    {
        var map = Map("Sent: Sent Items\nOld: Archive/Old\nProjects/2010: Archive/2010\n", Dovecot, Courier);
        Assert.Equal(expected, Translate(Dovecot, Courier, source, map: map));
    }

    [Fact]
    public void MapTargetWithDestinationPrefixIsNotDoubled()
    {
        var map = Map("INBOX/Sent: INBOX/Sent Items", Courier, Courier);
        Assert.Equal("INBOX.Sent Items", Translate(Courier, Courier, "INBOX.Sent", map: map));
    }

    [Fact]
    public void MapTargetUnderRoot()
    {
        var map = Map("Sent: Archive/Sent", Dovecot, Dovecot);
        Assert.Equal("Old/Archive/Sent", Translate(Dovecot, Dovecot, "Sent", new NameTranslationOptions(Root: "Old"), map));
    }

    [Fact]
    public void MapTargetTrailingWhitespaceTrimmedAtTheEnd()
    {
        var map = Map("Sent: Sent Items   \r\n", Dovecot, Dovecot);
        Assert.Equal("Sent Items   ", map.Entries[0].Value);
        Assert.Equal("Sent Items", Translate(Dovecot, Dovecot, "Sent", map: map));
    }
}
