using System.Text;
using ImapTools.Common.Stores.Maildir;
using MailKit;
using static ImapTools.Common.Tests.Stores.StoreTestHelpers;

namespace ImapTools.Common.Tests.Stores;

public sealed class MaildirStoreTests : IDisposable
{
    private readonly string _root = TempDir();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Written_messages_get_legacy_names_all_flags_keywords_file_and_mtime_and_read_back()
    {
        var store = new MaildirStore(_root);
        var date = new DateTimeOffset(1997, 7, 1, 23, 5, 9, new TimeSpan(5, 30, 0));
        var a = Content(Encoding.UTF8.GetBytes("Subject: lf\nMessage-ID: <lf@x>\n\nbare\nlf\n"), MessageFlags.Seen | MessageFlags.Flagged | MessageFlags.Deleted | MessageFlags.Draft | MessageFlags.Answered,
            ["$Forwarded", "Project-X"], date);
        var b = Content(Mail("plain", null), MessageFlags.None, [], date.AddYears(20));
        var sink = store.OpenSink("Archive/2019/Q1");
        await sink.WriteAsync([a, b], CancellationToken.None);
        store.OpenSink("Café/Menü");
        store.OpenSink("Mr.Smith");

        string folder = Path.Combine(_root, ".Archive.2019.Q1");
        Assert.True(Directory.Exists(Path.Combine(folder, "tmp")) && Directory.Exists(Path.Combine(folder, "new")));
        Assert.Empty(Directory.GetFiles(Path.Combine(folder, "tmp")));
        Assert.True(File.Exists(Path.Combine(folder, "maildirfolder")));
        Assert.Equal("0 $Forwarded\n1 Project-X\n", File.ReadAllText(Path.Combine(folder, DovecotKeywords.FileName)));
        var files = Directory.GetFiles(Path.Combine(folder, "cur")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, files.Length);
        Assert.Matches(@"^\d+\.M\d+P\d+\.[^/:]+,S=40,W=45:2,DFRSTab$", Path.GetFileName(files[0]));
        Assert.EndsWith(":2,", files[1]);
        Assert.Equal(date.UtcDateTime, File.GetLastWriteTimeUtc(files[0]));
        Assert.True(Directory.Exists(Path.Combine(_root, ".Caf&AOk-.Men&APw-", "cur")));
        Assert.True(Directory.Exists(Path.Combine(_root, ".Mr-Smith")));

        Assert.Equal(["INBOX", "Archive/2019/Q1", "Café/Menü", "Mr-Smith"], store.ListFolders());
        var back = await ReadAllAsync(store.OpenSource("Archive/2019/Q1"));
        Assert.Equal("Subject: lf\r\nMessage-ID: <lf@x>\r\n\r\nbare\r\nlf\r\n", Encoding.UTF8.GetString(back[0].Data));
        Assert.Equal(a.Record.Flags, back[0].Record.Flags);
        Assert.Equal(["$Forwarded", "Project-X"], back[0].Record.Keywords.Order());
        Assert.Equal(date, back[0].Record.InternalDate);
        Assert.Equal(a.Record.Key, back[0].Record.Key);
        Assert.Equal(b.Data, back[1].Data);
        Assert.Equal(b.Record.Key, back[1].Record.Key);
        Assert.Equal(MessageFlags.None, back[1].Record.Flags);
    }

    [Fact]
    public async Task Legacy_names_are_read_tmp_is_skipped_and_bad_files_are_reported()
    {
        foreach (var sub in new[] { "cur", "new", "tmp" }) Directory.CreateDirectory(Path.Combine(_root, ".Notes.2002", sub));
        string f = Path.Combine(_root, ".Notes.2002");
        File.WriteAllBytes(Path.Combine(f, "cur", "1795585528.M374642P20157.vm,S=223,W=223:2,S"), Mail("seen", "1@x"));
        File.WriteAllBytes(Path.Combine(f, "cur", "1795585528.M376499P20157.vm,S=107,W=107:2"), Mail("legacy unseen", "2@x"));
        File.WriteAllBytes(Path.Combine(f, "cur", "1795585529.M1P1.vm:2,RS"), Mail("answered", "3@x"));
        File.WriteAllBytes(Path.Combine(f, "new", "1795585530.M1P1.vm"), Mail("new", "4@x"));
        File.WriteAllBytes(Path.Combine(f, "tmp", "1795585531.M1P1.vm"), Mail("in delivery", "5@x"));
        File.WriteAllBytes(Path.Combine(f, "cur", "junk.bin"), [0, 1, 2, 3]);
        File.WriteAllText(Path.Combine(_root, ".customflags"), "x");
        var errors = new List<string>();
        var store = new MaildirStore(_root, errors.Add);

        Assert.Equal(["INBOX", "Notes/2002"], store.ListFolders());
        var records = await store.OpenSource("Notes/2002").ListAsync(CancellationToken.None);
        Assert.Equal(["seen", "legacy unseen", "answered", "new"], records.Select(r => r.Subject));
        Assert.Equal([MessageFlags.Seen, MessageFlags.None, MessageFlags.Seen | MessageFlags.Answered, MessageFlags.None], records.Select(r => r.Flags));
        Assert.Single(errors, e => e.Contains("junk.bin"));
    }
}
