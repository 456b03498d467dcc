using ImapTools.TestBed;
using MailKit;

namespace ImapTools.Tools.ImapToMaildir.Tests;

/// <summary>imap_to_maildir against real Dovecot, and a second Dovecot serving the Maildir it wrote.</summary>
[Collection(DovecotCollections.Pair)]
public sealed class ImapToMaildirTests(DovecotPairFixture fx) : IDisposable
{
    private readonly string _dir = AccountHelpers.TempDirectory("imaptools-maildir-");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<ToolResult> Export(params string[] args) => ToolRunner.RunAsync("imap_to_maildir", args);

    [Fact]
    public async Task Dovecot_pointed_at_the_written_Maildir_serves_the_same_messages_flags_keywords_dates_and_folders()
    {
        string user = TestUsers.Unique("mdsrc");
        var before = await AccountHelpers.LoadAsync(fx.Source, user, new CorpusSpec { MessageCount = 2000, Folders = [.. CorpusSpec.MixedFolders, "R&D"] });
        string maildir = Path.Combine(_dir, user);

        var result = await Export("-S", fx.Source.Conn(user), "-M", maildir, "-u", DovecotServer.MailUser);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Copied {before.MessageCount} total messages", result.Lines);
        Assert.Contains($"Create the directories for the {Path.Combine(maildir, ".Caf&AOk-.Men&APw-")} folder", result.Lines);

        await using var served = await DovecotServer.StartAsync(DovecotVariant.Slash, mailLocation: $"maildir:{_dir}/%u");
        var after = await AccountHelpers.SnapshotAsync(served, user);
        Assert.Empty(before.Diff(after));
    }

    [Fact]
    public async Task Layout_names_flags_keywords_and_mtime_follow_Maildir_and_the_spec()
    {
        string user = TestUsers.Unique("mdlay");
        var date = new DateTimeOffset(2011, 2, 3, 4, 5, 6, TimeSpan.FromHours(-5));
        await AccountHelpers.AppendAsync(fx.Source, user, "Notes/2002", AccountHelpers.Mail("answered", "a@x"), MessageFlags.Seen | MessageFlags.Answered, date);
        await AccountHelpers.AppendAsync(fx.Source, user, "Mr.Smith", AccountHelpers.Mail("unseen", null));
        string maildir = Path.Combine(_dir, "rick");

        var result = await Export("-S", fx.Source.Conn(user), "-M", maildir, "-e", "^mr");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Excluding Mr.Smith", result.Lines);
        Assert.False(Directory.Exists(Path.Combine(maildir, ".Mr-Smith")));
        foreach (string sub in new[] { "cur", "new", "tmp" }) Assert.True(Directory.Exists(Path.Combine(maildir, sub)));
        string file = Assert.Single(Directory.GetFiles(Path.Combine(maildir, ".Notes.2002", "cur")));
        Assert.Matches(@"/\d+\.M\d+P\d+\.[^/]+,S=\d+,W=\d+:2,RS$", file);
        Assert.Equal(date.UtcDateTime, File.GetLastWriteTimeUtc(file));
        Assert.Equal(AccountHelpers.Mail("answered", "a@x"), File.ReadAllBytes(file));
        Assert.Empty(Directory.GetFiles(Path.Combine(maildir, ".Notes.2002", "tmp")));

        var again = await Export("-S", fx.Source.Conn(user), "-M", maildir, "-m", "Notes/2002", "--update");
        Assert.Contains("Copied 0 total messages", again.Lines);
        Assert.Single(Directory.GetFiles(Path.Combine(maildir, ".Notes.2002", "cur")));
    }

    [Fact]
    public async Task Errors_are_one_line_with_an_exit_code()
    {
        var noMaildir = await Export("-S", fx.Source.Conn("x"));
        Assert.Equal(2, noMaildir.ExitCode);
        Assert.Single(noMaildir.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");
        var cannotCreate = await Export("-S", fx.Source.Conn("x"), "-M", Path.Combine(file, "Maildir"));
        Assert.Equal(5, cannotCreate.ExitCode);
        Assert.StartsWith($"Error creating {Path.Combine(file, "Maildir")}", cannotCreate.StdErr.Trim());
        Assert.Single(cannotCreate.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
