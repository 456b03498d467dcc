using ImapTools.Common.Mapping;

namespace ImapTools.Common.Tests.Mapping;

public sealed class MigrateMailboxNameTranslatorTests
{
    private static readonly MailboxNamespace Slash = new("", '/');
    private static readonly MailboxNamespace Dot = new("INBOX.", '.');

    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Sent", "Sent")]
    [InlineData("a/b.c", "a/b.c")]
    public void Same_namespace_keeps_names(string src, string dst) =>
        Assert.Equal(dst, new MigrateMailboxNameTranslator(Slash, Slash, null, null).Translate(src));

    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("Sent", "INBOX.Sent")]
    [InlineData("Archive/2019/Q1", "INBOX.Archive.2019.Q1")]
    [InlineData("v1.2/notes", "INBOX.v12.notes")] // the destination delimiter is deleted, not replaced by '_' (Q4)
    public void Slash_to_dot(string src, string dst) =>
        Assert.Equal(dst, new MigrateMailboxNameTranslator(Slash, Dot, null, null).Translate(src));

    [Theory]
    [InlineData("INBOX", "INBOX")]
    [InlineData("INBOX.Sent", "Sent")]
    [InlineData("INBOX.a/b.c", "ab/c")]
    public void Dot_to_slash(string src, string dst) =>
        Assert.Equal(dst, new MigrateMailboxNameTranslator(Dot, Slash, null, null).Translate(src));

    [Theory]
    [InlineData("INBOX", "Old")]       // INBOX becomes the root itself (unlike imapcopy's same-namespace rule)
    [InlineData("Sent", "Old/Sent")]
    [InlineData("a/b", "Old/a/b")]
    public void Root_in_the_same_namespace(string src, string dst) =>
        Assert.Equal(dst, new MigrateMailboxNameTranslator(Slash, Slash, null, "Old").Translate(src));

    [Theory]
    [InlineData("Trash", "Trash")]
    [InlineData("Sent", "Sent")]
    [InlineData("Drafts", "INBOX/Drafts")]
    [InlineData("INBOX", "INBOX")]
    public void Root_INBOX_keeps_Trash_and_Sent_top_level(string src, string dst) =>
        Assert.Equal(dst, new MigrateMailboxNameTranslator(Slash, Slash, null, "INBOX").Translate(src));

    [Theory]
    [InlineData("INBOX", "INBOX.Old")]
    [InlineData("Sent", "INBOX.Old.Sent")]
    public void Root_across_namespaces(string src, string dst) =>
        Assert.Equal(dst, new MigrateMailboxNameTranslator(Slash, Dot, null, "Old").Translate(src));

    [Fact]
    public void Map_is_looked_up_after_the_delimiter_deletion()
    {
        var map = MailboxMap.Parse(new StringReader("Sent Items: Sent\nv12/x: Projects/X\n"), '/', '.');
        var t = new MigrateMailboxNameTranslator(Slash, Dot, map, null);
        Assert.Equal("INBOX.Sent", t.Translate("Sent Items"));
        Assert.Equal("INBOX.Projects.X", t.Translate("v1.2/x"));
        Assert.Equal("INBOX.Drafts", t.Translate("Drafts"));
    }
}
