using ImapTools.Common.Copy;
using System.Text;
using ImapTools.Common.Stores;
using ImapTools.Common.Stores.Dump;
using static ImapTools.Common.Tests.Stores.StoreTestHelpers;

namespace ImapTools.Common.Tests.Stores;

public sealed class RenamedStoreAndFilesTests : IDisposable
{
    private readonly string _root = TempDir();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_renamed_view_lists_new_names_and_opens_the_real_folders()
    {
        var inner = new DumpStore(_root);
        await inner.OpenSink("Sent").WriteAsync([Content(Mail("s", "s@x"), index: 1)], CancellationToken.None);
        inner.OpenSink("INBOX");
        var view = new RenamedStore(inner, n => "Backup/" + n);
        Assert.Equal(["Backup/INBOX", "Backup/Sent"], view.ListFolders());
        var records = await view.OpenSource("Backup/Sent").ListAsync(CancellationToken.None);
        Assert.Equal(["s"], records.Select(r => r.Subject));
        Assert.Empty(await view.OpenSource("Backup/INBOX").ListAsync(CancellationToken.None));
    }

    [Fact]
    public void Numeric_order_puts_2_before_10_and_suffixed_copies_after_their_number()
    {
        string[] names = ["10", "2.0", "1,S", "2", "11.txt", "1.0", "abc", "9"];
        Assert.Equal(["1,S", "1.0", "2", "2.0", "9", "10", "11.txt", "abc"], names.Order(LocalMessageFiles.NumericOrder));
    }

    [Fact]
    public void Line_endings_and_sizes()
    {
        byte[] mixed = Encoding.ASCII.GetBytes("a\nb\r\nc\n");
        Assert.Equal("a\r\nb\r\nc\r\n", Encoding.ASCII.GetString(MessageText.ToCrLf(mixed)));
        Assert.Equal(9, MessageText.CrLfLength(mixed));
        byte[] crlf = Encoding.ASCII.GetBytes("a\r\n");
        Assert.Same(crlf, MessageText.ToCrLf(crlf));
        var date = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.FromHours(-7));
        Assert.True(LocalMessageFiles.TryParseDate(LocalMessageFiles.FormatDate(date), out var back));
        Assert.Equal(date, back);
        Assert.Equal(date.Offset, back.Offset);
    }
}
