using ImapTools.TestBed;
using MailKit;

namespace ImapTools.Tools.DumpToImap.Tests;

/// <summary>IMAP → imapdump → dumptoIMAP → IMAP (slash source, INBOX. destination) and dumptoIMAP's own behaviour.</summary>
[Collection(DovecotCollections.Mixed)]
public sealed class DumpRoundTripTests(DovecotMixedFixture fx) : IDisposable
{
    private readonly string _dir = AccountHelpers.TempDirectory("imaptools-dump-");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<ToolResult> Run(string tool, params string[] args) => ToolRunner.RunAsync(tool, args);

    [Fact]
    public async Task Dump_and_restore_keep_bytes_flags_keywords_dates_and_folder_names_and_update_copies_nothing()
    {
        string src = TestUsers.Unique("dumpsrc"), dst = TestUsers.Unique("dumpdst");
        var before = await AccountHelpers.LoadAsync(fx.Source, src, new CorpusSpec { MessageCount = 2000, Folders = [.. CorpusSpec.MixedFolders, "R&D/Q&A"] });

        var dump = await Run("imapdump", "-S", fx.Source.Conn(src), "-f", _dir, "-s");
        Assert.True(dump.ExitCode == 0, dump.ToString());
        string user = Path.Combine(_dir, src);
        Assert.True(Directory.Exists(Path.Combine(user, "Caf&AOk-", "Men&APw-")));
        Assert.True(Directory.Exists(Path.Combine(user, "R&-D", "Q&-A")));
        Assert.True(File.Exists(Path.Combine(user, "INBOX", ".imaptools-index")));
        var inbox = Directory.GetFiles(Path.Combine(user, "INBOX")).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).ToList();
        Assert.Equal(before.Folders["INBOX"].Count, inbox.Count);
        Assert.Equal(before.Folders["INBOX"].Count(m => m.Flags.HasFlag(MessageFlags.Seen)), inbox.Count(n => n!.EndsWith(",S")));
        Assert.Contains($"Dumped {before.Folders["INBOX"].Count} messages in INBOX", dump.Lines);

        var load = await Run("dumptoIMAP", "-i", fx.Destination.Conn(dst), "-D", user);
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains($"Done. {before.MessageCount} messages were copied.", load.Lines);
        var after = await AccountHelpers.SnapshotAsync(fx.Destination, dst);
        Assert.Empty(before.Diff(after));

        var again = await Run("dumptoIMAP", "-i", fx.Destination.Conn(dst), "-D", user, "--update");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Done. 0 messages were copied.", again.Lines);
        Assert.Equal(before.MessageCount, (await AccountHelpers.SnapshotAsync(fx.Destination, dst)).MessageCount);
    }

    [Fact]
    public async Task A_legacy_dump_restores_in_numeric_order_with_comma_S_and_Date_header_dates()
    {
        string dst = TestUsers.Unique("legacydst");
        string mailbox = Directory.CreateDirectory(Path.Combine(_dir, "rick", "Notes", "2002")).FullName;
        File.WriteAllBytes(Path.Combine(mailbox, "10"), AccountHelpers.Mail("ten", "10@x"));
        File.WriteAllBytes(Path.Combine(mailbox, "2,S"), AccountHelpers.Mail("two", null, "Tue, 6 Mar 2012 11:00:00 +0100"));
        File.WriteAllBytes(Path.Combine(mailbox, "1"), AccountHelpers.Mail("one", "1@x", "Fri, 9 Mar 2012 08:00:00"));

        var load = await Run("dumptoIMAP", "-i", fx.Destination.Conn(dst), "-D", Path.Combine(_dir, "rick"), "-r", "Backup");
        Assert.True(load.ExitCode == 0, load.ToString());
        var messages = await AccountHelpers.ListAsync(fx.Destination, dst, "Backup/Notes/2002");
        Assert.Equal(["one", "two", "ten"], messages.Select(m => m.Subject));
        Assert.Equal([MessageFlags.None, MessageFlags.Seen, MessageFlags.None], messages.Select(m => m.Flags));
        Assert.Equal(new DateTimeOffset(2012, 3, 6, 11, 0, 0, TimeSpan.FromHours(1)), messages[1].Date);
    }

    [Fact]
    public async Task A_missing_directory_is_one_line_and_exit_5()
    {
        var result = await Run("dumptoIMAP", "-i", fx.Destination.Conn("nobody"), "-D", Path.Combine(_dir, "nope"));
        Assert.Equal(5, result.ExitCode);
        Assert.Equal($"{Path.Combine(_dir, "nope")} does not exist", result.StdErr.Trim());
    }

    [Fact]
    public async Task A_file_that_is_not_a_message_is_reported_the_rest_is_restored_and_the_exit_code_says_so()
    {
        string dst = TestUsers.Unique("baddst");
        string mailbox = Directory.CreateDirectory(Path.Combine(_dir, "bad", "INBOX")).FullName;
        File.WriteAllBytes(Path.Combine(mailbox, "1"), AccountHelpers.Mail("good", "g@x"));
        File.WriteAllBytes(Path.Combine(mailbox, "2"), [0, 1, 2, 3]);
        var load = await Run("dumptoIMAP", "-i", fx.Destination.Conn(dst), "-D", Path.Combine(_dir, "bad"));
        Assert.Equal(6, load.ExitCode);
        Assert.Single(load.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(Path.Combine(mailbox, "2")) && l.Contains("not a mail message"));
        Assert.Equal(["good"], (await AccountHelpers.ListAsync(fx.Destination, dst, "INBOX")).Select(m => m.Subject));
    }
}
