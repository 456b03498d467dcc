using System.Text;
using ImapTools.Common.Stores.Dump;
using MailKit;
using static ImapTools.Common.Tests.Stores.StoreTestHelpers;

namespace ImapTools.Common.Tests.Stores;

public sealed class DumpStoreTests : IDisposable
{
    private readonly string _root = TempDir();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Written_messages_read_back_with_bytes_flags_keywords_and_dates_and_legacy_names()
    {
        var store = new DumpStore(_root, new DumpWriteOptions { SeenSuffix = true });
        var date = new DateTimeOffset(2019, 3, 5, 9, 59, 1, TimeSpan.FromHours(-5));
        var a = Content(Mail("one", "one@x"), MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Draft, ["$Forwarded", "Project-X"], date, index: 1);
        var b = Content(Mail("two", null), MessageFlags.Flagged, [], date.AddDays(1), index: 2);
        var sink = store.OpenSink("Café/Menü & more");
        Assert.Equal([true, true], await sink.WriteAsync([a, b], CancellationToken.None));

        string dir = Path.Combine(_root, "Caf&AOk-", "Men&APw- &- more");
        Assert.Equal(["1,S", "2"], Directory.GetFiles(dir).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order());
        Assert.True(File.Exists(Path.Combine(dir, DumpIndex.FileName)));
        Assert.Equal(date.UtcDateTime, File.GetLastWriteTimeUtc(Path.Combine(dir, "1,S")));
        Assert.Equal(a.Data, File.ReadAllBytes(Path.Combine(dir, "1,S")));

        Assert.Equal(["Café", "Café/Menü & more"], store.ListFolders());
        var back = await ReadAllAsync(store.OpenSource("Café/Menü & more"));
        Assert.Equal(2, back.Count);
        Assert.Equal(a.Data, back[0].Data);
        Assert.Equal(a.Record.Flags, back[0].Record.Flags);
        Assert.Equal(["$Forwarded", "Project-X"], back[0].Record.Keywords.Order());
        Assert.Equal(date, back[0].Record.InternalDate);
        Assert.Equal(a.Record.Key, back[0].Record.Key);
        Assert.Equal(MessageFlags.Flagged, back[1].Record.Flags);
        Assert.Equal(b.Record.Key, back[1].Record.Key);
        Assert.Equal(new[] { a.Record.Key, b.Record.Key }.Order(), (await sink.ExistingKeysAsync(CancellationToken.None)).Order());
    }

    [Fact]
    public async Task Names_are_unique_unless_overwrite_and_take_extension_all_flag_letters_and_header_values()
    {
        var store = new DumpStore(_root, new DumpWriteOptions { Extension = DumpWriteOptions.NormalizeExtension("txt"), AllFlagLetters = true, KeywordLetters = true });
        var m = Content(Mail("s", "1@x"), MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Draft, ["$Label1", "NoDollar"], null, index: 3);
        var sink = store.OpenSink("INBOX");
        await sink.WriteAsync([m], CancellationToken.None);
        await sink.WriteAsync([m], CancellationToken.None);
        var named = new DumpStore(_root, new DumpWriteOptions { NameHeader = "subject" });
        await named.OpenSink("INBOX").WriteAsync([Content(Mail("Re: a/b", "2@x"), index: 4)], CancellationToken.None);
        var over = new DumpStore(_root, new DumpWriteOptions { Overwrite = true });
        await over.OpenSink("INBOX").WriteAsync([Content(Mail("x", "3@x"), index: 9), Content(Mail("y", "4@x"), index: 9)], CancellationToken.None);

        var names = Directory.GetFiles(Path.Combine(_root, "INBOX")).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["3.0.txt,SAd$Label1$", "3.txt,SAd$Label1$", "9", "Re: a_b"], names);
        Assert.Contains("Subject: y", Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(_root, "INBOX", "9"))));
    }

    [Fact]
    public async Task Legacy_dump_without_index_reads_in_numeric_order_with_comma_S_and_Date_header()
    {
        string dir = Directory.CreateDirectory(Path.Combine(_root, "Notes", "2002")).FullName;
        File.WriteAllBytes(Path.Combine(dir, "10"), Mail("ten", "10@x"));
        File.WriteAllBytes(Path.Combine(dir, "2,S"), Mail("two", "2@x", date: "Tue, 6 Mar 2012 11:00:00 +0100"));
        File.WriteAllBytes(Path.Combine(dir, "1"), Mail("one", "1@x"));
        File.WriteAllBytes(Path.Combine(dir, "2.0"), Mail("two again", "2b@x"));
        File.WriteAllBytes(Path.Combine(dir, "7,SAF$Junk$"), Mail("seven", "7@x"));
        File.WriteAllText(Path.Combine(dir, ".hidden"), "not a message");
        File.WriteAllText(Path.Combine(_root, "stray"), "top level");
        var warnings = new List<string>();
        var store = new DumpStore(_root, warning: warnings.Add);

        Assert.Equal(["Notes", "Notes/2002"], store.ListFolders());
        Assert.Single(warnings, w => w.Contains("stray"));
        var records = await store.OpenSource("Notes/2002").ListAsync(CancellationToken.None);
        Assert.Equal(["one", "two", "two again", "seven", "ten"], records.Select(r => r.Subject));
        Assert.Equal(MessageFlags.Seen, records[1].Flags);
        Assert.Equal(new DateTimeOffset(2012, 3, 6, 11, 0, 0, TimeSpan.FromHours(1)), records[1].InternalDate);
        Assert.Equal(MessageFlags.None, records[0].Flags);
        Assert.Equal(MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged, records[3].Flags);
        Assert.Equal(["$Junk"], records[3].Keywords);
    }

    [Fact]
    public async Task A_non_message_file_is_reported_and_skipped_and_the_extension_filter_ignores_flag_suffixes()
    {
        string dir = Directory.CreateDirectory(Path.Combine(_root, "INBOX")).FullName;
        File.WriteAllBytes(Path.Combine(dir, "1.eml,S"), Mail("one", "1@x"));
        File.WriteAllBytes(Path.Combine(dir, "2.eml"), []);
        File.WriteAllBytes(Path.Combine(dir, "3.eml"), [0xff, 0xfe, 0x00, 0x01, (byte)'\n']);
        File.WriteAllBytes(Path.Combine(dir, "4.header"), Mail("header", "4@x"));
        var errors = new List<string>();
        var store = new DumpStore(_root, readExtension: ".eml", error: errors.Add);
        var records = await store.OpenSource("INBOX").ListAsync(CancellationToken.None);
        Assert.Equal(["one"], records.Select(r => r.Subject));
        Assert.Equal(2, store.ErrorCount);
        Assert.Contains(errors, e => e.Contains("2.eml") && e.Contains("empty"));
        Assert.Contains(errors, e => e.Contains("3.eml") && e.Contains("not a mail message"));
    }

    [Theory]
    [InlineData("1,S", true, "S")]
    [InlineData("1,SAFDd", true, "SAFDd")]
    [InlineData("1.txt,S$Forwarded$", true, "S")]
    [InlineData("Re, hello", false, "")]
    [InlineData("2454", false, "")]
    public void Flag_letters_decode(string name, bool ok, string encoded)
    {
        Assert.Equal(ok, DumpFlagLetters.TryDecode(name, out var flags, out _));
        Assert.Equal(encoded, DumpFlagLetters.Encode(flags, [], includeKeywords: false));
    }
}
