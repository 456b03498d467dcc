using System.Text;
using ImapTools.Common.Mapping;

namespace ImapTools.Common.Tests.Mapping;

public class MailboxMapTests
{
    [Fact]
    public void ParsesGuideSampleWithCommentsBlankLinesAndCrLf()
    {
        const string text = "# The format is SRC MAILBOX: DST MAILBOX\r\nSent: Sent Items\r\n\r\n   Trash  :  Wastebasket\r\nBulletin Board: Public Bulletin Board\r\n   # indented comment\n";
        var map = MailboxMap.Parse(new StringReader(text), '/', '/');
        Assert.Equal(new[]
        {
            new KeyValuePair<string, string>("Sent", "Sent Items"),
            new KeyValuePair<string, string>("Trash", "Wastebasket"),
            new KeyValuePair<string, string>("Bulletin Board", "Public Bulletin Board"),
        }, map.Entries);
    }

    [Fact]
    public void SlashBecomesEachSidesDelimiter()
    {
        var map = MailboxMap.Parse(new StringReader("INBOX/Sent/2010: Archive/Sent/2010"), '.', '/');
        Assert.Equal("INBOX.Sent.2010", map.Entries[0].Key);
        Assert.Equal("Archive/Sent/2010", map.Entries[0].Value);
        map = MailboxMap.Parse(new StringReader("Sent/2010: Archive/2010"), '/', '.');
        Assert.Equal("Sent/2010", map.Entries[0].Key);
        Assert.Equal("Archive.2010", map.Entries[0].Value);
    }

    [Fact]
    public void UnderscoreSourceDelimiterLeavesSlashInKeys()
    {
        var map = MailboxMap.Parse(new StringReader("a/b: c/d"), '_', '.');
        Assert.Equal("a/b", map.Entries[0].Key);
        Assert.Equal("c.d", map.Entries[0].Value);
    }

    [Fact]
    public void LaterDuplicatesOverrideInPlace()
    {
        var map = MailboxMap.Parse(new StringReader("A: one\nB: two\nA: three"), '/', '/');
        Assert.Equal(2, map.Entries.Count);
        Assert.Equal(new KeyValuePair<string, string>("A", "three"), map.Entries[0]);
        Assert.True(map.TryMap("A", out string d));
        Assert.Equal("three", d);
    }

    [Fact]
    public void ExtraFieldsDroppedAsInOriginal()
    {
        var map = MailboxMap.Parse(new StringReader("Work: Archive: 2010"), '/', '/');
        Assert.Equal("Archive", map.Entries[0].Value);
    }

    [Theory]
    [InlineData("Sent", "Sent", true)]
    [InlineData("sent", "sent", false)]
    [InlineData("Inbox", "Posteingang", true)]   // INBOX is case-insensitive
    [InlineData("Other", "Other", false)]
    public void LookupIsCaseSensitiveExceptInbox(string name, string expected, bool found)
    {
        var map = MailboxMap.Parse(new StringReader("Sent: Sent\nINBOX: Posteingang"), '/', '/');
        Assert.Equal(found, map.TryMap(name, out string d));
        Assert.Equal(expected, d);
    }

    [Theory]
    [InlineData("Sent")]
    [InlineData("Sent:")]
    [InlineData("Sent:   ")]
    [InlineData(": Sent")]
    public void LineWithoutBothNamesIsRejected(string line)
    {
        var e = Assert.Throws<ImapToolsException>(() => MailboxMap.Parse(new StringReader("# c\n" + line), '/', '/'));
        Assert.Equal(ExitCodes.File, e.ExitCode);
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void LoadDecodesUtf8AndAcceptsEncodedNames()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "Envoyés: Gesendet/Élément\nCaf&AOk-: Café\n", new UTF8Encoding(true));
            var map = MailboxMap.Load(path, '/', '.');
            Assert.Equal(new KeyValuePair<string, string>("Envoyés", "Gesendet.Élément"), map.Entries[0]);
            Assert.Equal(new KeyValuePair<string, string>("Café", "Café"), map.Entries[1]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LoadFallsBackToLatin1ForNonUtf8Files()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, Encoding.Latin1.GetBytes("Envoyés: Gesendet\n"));
            var map = MailboxMap.Load(path, '/', '/');
            Assert.Equal("Envoyés", map.Entries[0].Key);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LoadMissingFileIsAFileError()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "map.txt");
        var e = Assert.Throws<ImapToolsException>(() => MailboxMap.Load(path, '/', '/'));
        Assert.Equal(ExitCodes.File, e.ExitCode);
        Assert.StartsWith($"Error opening mbx map file {path}: ", e.Message);
    }
}
