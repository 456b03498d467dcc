using ImapTools.TestBed;
using MailKit;

namespace ImapTools.Tools.MaildirToImap.Tests;

/// <summary>IMAP → imap_to_maildir → maildir_to_imap → IMAP (slash source, INBOX. destination), legacy Maildirs and errors.</summary>
[Collection(DovecotCollections.Mixed)]
public sealed class MaildirToImapTests(DovecotMixedFixture fx) : IDisposable
{
    private readonly string _dir = AccountHelpers.TempDirectory("imaptools-md2imap-");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<ToolResult> Import(params string[] args) => ToolRunner.RunAsync("maildir_to_imap", args, workingDirectory: _dir);

    private string UsersFile(params (string Maildir, string User)[] users)
    {
        string path = Path.Combine(_dir, "users-" + Guid.NewGuid().ToString("N")[..6]);
        File.WriteAllText(path, "# Format: maildir,IMAP user,IMAP password\n" + string.Concat(users.Select(u => $"{u.Maildir},{u.User},{DovecotServer.Password}\n")));
        return path;
    }

    private string Host => $"{fx.Destination.Host}:{fx.Destination.ImapPort}";

    [Fact]
    public async Task Round_trip_keeps_everything_and_update_mode_inserts_nothing_again()
    {
        string src = TestUsers.Unique("mdrtsrc"), dst = TestUsers.Unique("mdrtdst");
        var before = await AccountHelpers.LoadAsync(fx.Source, src, new CorpusSpec { MessageCount = 20, Folders = [.. CorpusSpec.MixedFolders, "R&D"] });
        string maildir = Path.Combine(_dir, src);
        var export = await ToolRunner.RunAsync("imap_to_maildir", ["-S", fx.Source.Conn(src), "-M", maildir]);
        Assert.True(export.ExitCode == 0, export.ToString());

        string users = UsersFile((maildir, dst));
        var import = await Import("-i", users, "-D", Host);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains($"migrate {dst}", import.Lines);
        Assert.Contains($"     Inserted {before.Folders["INBOX"].Count} messages into INBOX", import.Lines);
        Assert.DoesNotContain(DovecotServer.Password, import.StdOut);
        Assert.True(File.Exists(Path.Combine(_dir, "maildir_to_imap.log")));
        var after = await AccountHelpers.SnapshotAsync(fx.Destination, dst);
        Assert.Empty(before.Diff(after));

        var again = await Import("-i", users, "-D", Host, "-U");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.All(again.Lines.Where(l => l.Contains("Inserted")), l => Assert.StartsWith("     Inserted 0 messages", l));
        Assert.Equal(before.MessageCount, (await AccountHelpers.SnapshotAsync(fx.Destination, dst)).MessageCount);
    }

    [Fact]
    public async Task A_legacy_Maildir_with_a_bad_file_imports_the_rest_maps_folders_and_skips_tmp()
    {
        string dst = TestUsers.Unique("mdlegacy");
        string maildir = Path.Combine(_dir, "legacy");
        foreach (string folder in new[] { "", ".Sent", ".Notes.2002" })
            foreach (string sub in new[] { "cur", "new", "tmp" })
                Directory.CreateDirectory(Path.Combine(maildir, folder, sub));
        File.WriteAllBytes(Path.Combine(maildir, "cur", "1795585528.M374642P20157.vm,S=223,W=223:2,S"), AccountHelpers.Mail("seen", "1@x"));
        File.WriteAllBytes(Path.Combine(maildir, "cur", "1795585528.M376499P20157.vm,S=107,W=107:2"), AccountHelpers.Mail("unseen", "2@x"));
        File.WriteAllBytes(Path.Combine(maildir, "cur", "1795585529.M1P1.vm:2,FRS"), AccountHelpers.Mail("flagged", null));
        File.WriteAllBytes(Path.Combine(maildir, "tmp", "1795585530.M1P1.vm"), AccountHelpers.Mail("in delivery", "3@x"));
        File.WriteAllBytes(Path.Combine(maildir, "cur", "1795585531.M1P1.vm:2,S"), [0, 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(maildir, ".Sent", "new", "1795585532.M1P1.vm"), AccountHelpers.Mail("sent", "4@x"));
        File.WriteAllBytes(Path.Combine(maildir, ".Notes.2002", "cur", "1795585533.M1P1.vm:2,S"), AccountHelpers.Mail("note", "5@x"));

        var import = await Import("-i", UsersFile((maildir, dst)), "-D", Host, "-M", "sent:Sent Items");
        Assert.Equal(6, import.ExitCode);
        Assert.Single(import.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("1795585531.M1P1.vm:2,S") && l.Contains("not a mail message"));
        Assert.Contains("Messages from the Sent folder will be written to Sent Items ", import.Lines);
        var inbox = await AccountHelpers.ListAsync(fx.Destination, dst, "INBOX");
        Assert.Equal(["seen", "unseen", "flagged"], inbox.Select(m => m.Subject));
        Assert.Equal([MessageFlags.Seen, MessageFlags.None, MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged], inbox.Select(m => m.Flags));
        Assert.Equal(["sent"], (await AccountHelpers.ListAsync(fx.Destination, dst, "Sent Items")).Select(m => m.Subject));
        Assert.Equal(["note"], (await AccountHelpers.ListAsync(fx.Destination, dst, "Notes/2002")).Select(m => m.Subject));
    }

    [Fact]
    public async Task Errors_are_one_line_with_an_exit_code()
    {
        string missing = Path.Combine(_dir, "no-such-users");
        var noUsers = await Import("-i", missing, "-D", Host);
        Assert.Equal(5, noUsers.ExitCode);
        Assert.Equal($"Can't open user list {missing}: No such file or directory", noUsers.StdErr.Trim());

        string user = TestUsers.Unique("mdnodir");
        var noMaildir = await Import("-i", UsersFile((Path.Combine(_dir, "nope"), user)), "-D", Host);
        Assert.Equal(6, noMaildir.ExitCode);
        Assert.Single(noMaildir.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("does not exist"));
    }
}
