using System.Text;
using ImapTools.Common.Dedupe;

namespace ImapTools.Common.Tests.Dedupe;

public sealed class CopiedKeyStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void MissingDirectoryIsAFileError()
    {
        string missing = Path.Combine(_dir, "nope");
        var e = Assert.Throws<ImapToolsException>(() => CopiedKeyStore.Open(missing, "joe"));
        Assert.Equal(ExitCodes.File, e.ExitCode);
        Assert.Equal($"The directory given by -Z {missing} does not exist", e.Message);
    }

    [Fact]
    public void PersistsAcrossReopenInDocumentedFormat()
    {
        using (var store = CopiedKeyStore.Open(_dir, "joe"))
        {
            Assert.False(store.Contains("<a@b>"));
            store.Add("<a@b>");
            store.Add("<a@b>");                       // not written twice
            store.Add("Tue26Jan2016x#0123456789abcdef");
            store.Add("bad\tkey\nwith\rbreaks");
            Assert.True(store.Contains("<a@b>"));
            // flushed per record: visible before Dispose
            string[] lines = File.ReadAllLines(Path.Combine(_dir, "joe.keys"));
            Assert.Equal(3, lines.Length);
        }
        string today = DateTime.Now.ToString("MM-dd-yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"<a@b>\t{today}\nTue26Jan2016x#0123456789abcdef\t{today}\nbad key with breaks\t{today}\n",
            File.ReadAllText(Path.Combine(_dir, "joe.keys"), Encoding.UTF8));
        using (var again = CopiedKeyStore.Open(_dir, "joe"))
        {
            Assert.True(again.Contains("<a@b>"));
            Assert.True(again.Contains("bad\tkey\nwith\rbreaks"));
            Assert.False(again.Contains("<other@b>"));
            again.Add("<c@d>");
        }
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_dir, "joe.keys")).Length);
    }

    [Fact]
    public void RecoversFromTruncatedLastRecordAndUnicode()
    {
        File.WriteAllText(Path.Combine(_dir, "u@x.keys"), "<old@x>\t01-02-2016\n<cut@x>", new UTF8Encoding(false));
        using (var store = CopiedKeyStore.Open(_dir, "u@x"))
        {
            Assert.True(store.Contains("<old@x>"));
            Assert.True(store.Contains("<cut@x>"));
            store.Add("<né@x>");
        }
        using var reopened = CopiedKeyStore.Open(_dir, "u@x");
        Assert.True(reopened.Contains("<né@x>"));
        Assert.True(reopened.Contains("<cut@x>"));
    }

    [Fact]
    public void UserNameIsMadeSafeForAFileName()
    {
        using var store = CopiedKeyStore.Open(_dir, "../evil/user");
        Assert.Equal(_dir, Path.GetDirectoryName(store.FilePath));
    }

    [Fact]
    public void ThreadSafe()
    {
        using (var store = CopiedKeyStore.Open(_dir, "par"))
        {
            Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                store.Add($"<{i % 1000}@x>");
                Assert.True(store.Contains($"<{i % 1000}@x>"));
            });
        }
        string[] lines = File.ReadAllLines(Path.Combine(_dir, "par.keys"));
        Assert.Equal(1000, lines.Length);
        Assert.Equal(1000, lines.Select(l => l.Split('\t')[0]).Distinct().Count());
        Assert.All(lines, l => Assert.Matches(@"^<\d+@x>\t\d\d-\d\d-\d{4}$", l));
    }

    [Fact]
    public void AddAfterDisposeThrows()
    {
        var store = CopiedKeyStore.Open(_dir, "d");
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Add("<x>"));
    }
}

public sealed class SkipListTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("skip-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void AbsentFileGivesEmptyList()
    {
        var list = SkipList.LoadIfPresent(Path.Combine(_dir, "imapcopy.skip"));
        Assert.Empty(list.Keys);
        Assert.False(list.Contains("<a@b>"));
    }

    [Fact]
    public void ExactMatchesOnly()
    {
        string path = Path.Combine(_dir, "imapcopy.skip");
        File.WriteAllText(path, "<a@b>\r\n\n<C@D>\n<a@b>\n<é@x>");
        var list = SkipList.LoadIfPresent(path);
        Assert.Equal(new[] { "<a@b>", "<C@D>", "<é@x>" }, list.Keys);
        Assert.True(list.Contains("<a@b>"));
        Assert.True(list.Contains("<é@x>"));
        Assert.False(list.Contains("<c@d>"));
        Assert.False(list.Contains("a@b"));
        Assert.False(list.Contains(""));
    }
}
