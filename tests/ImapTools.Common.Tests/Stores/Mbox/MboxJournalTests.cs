using ImapTools.Common.Stores.Mbox;

namespace ImapTools.Common.Tests.Stores.Mbox;

public sealed class MboxJournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mbox-journal-").FullName;

    private string Mbox(string text)
    {
        string path = Path.Combine(_dir, "INBOX");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void An_append_cut_short_by_a_kill_is_removed_and_the_marker_with_it()
    {
        const string committed = "From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n\n";
        string path = Mbox(committed + "From a@b Mon Jan  1 00:00:00 2024\nSubject: tw");
        MboxJournal.Begin(path, committed.Length, 200);

        Assert.Equal(45, MboxJournal.Recover(path));
        Assert.Equal(committed, File.ReadAllText(path));
        Assert.False(File.Exists(MboxJournal.MarkerPath(path)));
    }

    [Fact]
    public void A_completed_append_and_mail_added_after_it_are_kept()
    {
        string path = Mbox(new string('x', 300));
        MboxJournal.Begin(path, 100, 200);
        Assert.Equal(0, MboxJournal.Recover(path));
        Assert.Equal(300, new FileInfo(path).Length);

        File.AppendAllText(path, "more mail from another program\n");
        MboxJournal.Begin(path, 100, 200);
        Assert.Equal(0, MboxJournal.Recover(path));
        Assert.Equal(331, new FileInfo(path).Length);
    }

    [Fact]
    public void Without_a_marker_nothing_is_touched()
    {
        string path = Mbox("From a@b Mon Jan  1 00:00:00 2024\nSubject: tw");
        Assert.Equal(0, MboxJournal.Recover(path));
        Assert.Equal(45, new FileInfo(path).Length);
    }

    [Fact]
    public void The_marker_is_hidden_next_to_the_file()
    {
        string path = Mbox("");
        Assert.Equal(Path.Combine(_dir, ".INBOX.imaptools-pending"), MboxJournal.MarkerPath(path));
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
