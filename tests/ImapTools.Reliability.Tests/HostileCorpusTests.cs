using System.Text.RegularExpressions;
using ImapTools.TestBed;
using Xunit.Abstractions;

namespace ImapTools.Reliability.Tests;

/// <summary>
/// Issue 9 item 3: the hostile corpus (<see cref="HostileCorpus"/>) is loaded on the source with raw APPENDs, copied
/// by the real tools, and checked with an independent client: every message the source holds is on the destination
/// byte-exact (as the servers return BODY[]), with its flags and internal date, under the same folder name; a message
/// that is not copied is named on the console with the reason, the run goes on and exits 6.
/// </summary>
[Collection(DovecotCollections.Pair)]
public sealed partial class HostileCorpusTests(DovecotPairFixture fx, ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("imaptools-hostile-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>Loads the corpus on a fresh source user; checks what Dovecot refuses (and only that).</summary>
    private async Task<(string Source, HostileLoadResult Load, MailboxSnapshot Snapshot)> LoadSourceAsync(string prefix)
    {
        string s = TestUsers.Unique(prefix + "-src");
        var load = await HostileCorpus.LoadAsync(fx.Source, s, HostileCorpus.Messages());
        output.WriteLine(load.ToString());
        // Dovecot refuses a 0-byte APPEND ("Can't save a zero byte message"), so the empty message cannot be on an IMAP
        // source; names starting with '~' and names with a control character are refused too.
        Assert.Equal(["empty"], load.Refused.Select(r => r.Message.Name));
        Assert.Contains("zero byte", load.Refused[0].Reply, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["~tilde", "tab\tname"], load.FoldersRefused.Select(f => f.Folder));
        var snapshot = await SnapshotAsync(fx.Source, s);
        Assert.Equal(load.Loaded.Count, snapshot.MessageCount);
        return (s, load, snapshot);
    }

    /// <summary>
    /// What the destination must hold: exactly the source's messages (a message without a final line break included: the
    /// APPEND literal is the fetched bytes), optionally only those <paramref name="keep"/> selects.
    /// </summary>
    private static MailboxSnapshot ExpectedOnDestination(MailboxSnapshot source, HostileLoadResult load, Func<MessageSnapshot, bool>? keep = null)
    {
        Assert.Contains(load.Loaded, m => m.Name == "no-final-newline" && m.Bytes[^1] != (byte)'\n');
        return new MailboxSnapshot(source.Folders.ToDictionary(kv => kv.Key,
            kv => (IReadOnlyList<MessageSnapshot>)kv.Value.Where(m => keep?.Invoke(m) ?? true).ToList(),
            StringComparer.Ordinal));
    }

    private static async Task<MailboxSnapshot> SnapshotAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        var snap = await CorpusBuilder.SnapshotAsync(client);
        await client.DisconnectAsync(true);
        return snap;
    }

    /// <summary>
    /// The destination equals the source (bytes, flags, dates, folder names), except folders the copy had to create as
    /// parents (they are \Noselect on the source and hold nothing).
    /// </summary>
    private void AssertSameMail(MailboxSnapshot source, MailboxSnapshot destination, ToolResult r)
    {
        var extra = destination.FolderNames.Except(source.FolderNames).Where(f => destination.Folders[f].Count > 0 || !source.FolderNames.Any(n => n.StartsWith(f + "/", StringComparison.Ordinal)));
        Assert.Empty(extra);
        var diff = source.Diff(destination, folderFilter: f => source.Folders.ContainsKey(f));
        Assert.True(diff.Count == 0, string.Join("\n", diff) + "\n" + r);
        foreach (string name in new[] { "Tom & Jerry", "100% done", "star*name", "say \"hi\"", "back\\slash", "dot.in.name", "Parent/child & more" })
            Assert.Contains(name, destination.FolderNames);
    }

    [Fact]
    public async Task Imapcopy_copies_every_hostile_message_byte_exact()
    {
        var (s, load, source) = await LoadSourceAsync("hostile");
        string d = TestUsers.Unique("hostile-dst");
        var r = await ToolRunner.RunAsync("imapcopy", ["-S", fx.Source.Conn(s), "-D", fx.Destination.Conn(d)]);
        output.WriteLine(r.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("Failed to copy", r.StdOut + r.StdErr);
        Assert.Contains($"Copied {load.Loaded.Count} total messages", r.StdOut);
        AssertSameMail(ExpectedOnDestination(source, load), await SnapshotAsync(fx.Destination, d), r);

        // The duplicate Message-IDs and the ID-less twins are different messages: a -U re-run copies nothing more.
        var again = await ToolRunner.RunAsync("imapcopy", ["-S", fx.Source.Conn(s), "-D", fx.Destination.Conn(d), "-U"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Copied 0 total messages", again.StdOut);
        Assert.Equal(source.MessageCount, (await SnapshotAsync(fx.Destination, d)).MessageCount);
    }

    [Fact]
    public async Task MigrateIMAP_copies_every_hostile_message_byte_exact()
    {
        var (s, load, source) = await LoadSourceAsync("hmig");
        string d = TestUsers.Unique("hmig-dst");
        string users = Path.Combine(_dir, "users");
        await File.WriteAllTextAsync(users, $"{s}:{DovecotServer.Password}:{d}:{DovecotServer.Password}\n");
        var r = await ToolRunner.RunAsync("migrateIMAP",
            ["-S", $"{fx.Source.Host}:{fx.Source.ImapPort}", "-D", $"{fx.Destination.Host}:{fx.Destination.ImapPort}", "-i", users, "-L", Path.Combine(_dir, "log")],
            workingDirectory: _dir);
        output.WriteLine(r.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        AssertSameMail(ExpectedOnDestination(source, load), await SnapshotAsync(fx.Destination, d), r);
    }

    [Fact]
    public async Task Imapsync_copies_every_hostile_message_byte_exact()
    {
        var (s, load, source) = await LoadSourceAsync("hsync");
        string d = TestUsers.Unique("hsync-dst");
        var r = await ToolRunner.RunAsync("imapsync", ["-S", fx.Source.Conn(s), "-D", fx.Destination.Conn(d)]);
        output.WriteLine(r.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        // imapsync treats \Deleted messages as absent (they are not synced).
        var expected = ExpectedOnDestination(source, load, m => !m.Flags.HasFlag(MailKit.MessageFlags.Deleted));
        AssertSameMail(expected, await SnapshotAsync(fx.Destination, d), r);
    }

    [Theory]
    [InlineData("imapcopy")]
    [InlineData("migrateIMAP")]
    [InlineData("imapsync")]
    public async Task A_message_over_the_destination_size_limit_is_skipped_by_name_and_the_rest_of_its_batch_is_copied(string tool)
    {
        string s = TestUsers.Unique("hsize-src"), d = TestUsers.Unique("hsize-dst");
        HostileMessage[] messages =
        [
            HostileCorpus.Plain("small-1", "INBOX", 2_000, 1), HostileCorpus.Plain("small-2", "INBOX", 3_000, 2),
            HostileCorpus.Plain("too-big", "INBOX", 200_000, 3),
            HostileCorpus.Plain("small-3", "INBOX", 4_000, 4), HostileCorpus.Plain("small-4", "INBOX", 5_000, 5),
            HostileCorpus.Plain("sent-1", "Sent", 1_000, 6),
        ];
        var load = await HostileCorpus.LoadAsync(fx.Source, s, messages, ["Sent"]);
        Assert.Equal(messages.Length, load.Loaded.Count);
        var source = await SnapshotAsync(fx.Source, s);

        string limit = DovecotServer.QuotaConfig.Replace("quota_rule = *:storage=1G", "quota_rule = *:storage=1G\n  quota_max_mail_size = 100k", StringComparison.Ordinal);
        Assert.Contains("quota_max_mail_size", limit);
        await using var limited = await DovecotServer.StartAsync(DovecotVariant.Slash, null, limit);
        string users = Path.Combine(_dir, "users");
        await File.WriteAllTextAsync(users, $"{s}:{DovecotServer.Password}:{d}:{DovecotServer.Password}\n");
        string[] args = tool == "migrateIMAP"
            ? ["-S", $"{fx.Source.Host}:{fx.Source.ImapPort}", "-D", $"{limited.Host}:{limited.ImapPort}", "-i", users, "-L", Path.Combine(_dir, "log")]
            : ["-S", fx.Source.Conn(s), "-D", limited.Conn(d)];
        var r = await ToolRunner.RunAsync(tool, args, workingDirectory: _dir);
        output.WriteLine(r.ToString());
        Assert.True(r.ExitCode == 6, r.ToString());
        var failures = (r.StdOut + r.StdErr).Split('\n').Where(l => l.Contains("too-big", StringComparison.Ordinal)).ToList();
        // One line names the message (folder, number, key) and gives the server's reason.
        Assert.Matches(@"(?i)fail.* message 3 \(<too-big@hostile\.example>\) from INBOX: the destination refused the message: NO Mail size is larger than the maximum size", Assert.Single(failures));
        if (tool == "imapcopy") Assert.Contains("Copied 5 total messages", r.StdOut);

        var destination = await SnapshotAsync(limited, d);
        var bigHash = source.Folders["INBOX"][2].Sha256;
        var expected = new MailboxSnapshot(source.Folders.ToDictionary(kv => kv.Key,
            kv => (IReadOnlyList<MessageSnapshot>)kv.Value.Where(m => m.Sha256 != bigHash).ToList(), StringComparer.Ordinal));
        Assert.Empty(expected.Diff(destination));
    }

    [Fact]
    public async Task Imapcopy_copies_a_50_MB_message_byte_exact()
    {
        string s = TestUsers.Unique("hlarge-src"), d = TestUsers.Unique("hlarge-dst");
        var large = HostileCorpus.Large();
        var load = await HostileCorpus.LoadAsync(fx.Source, s, [large, HostileCorpus.Plain("after-large", "INBOX", 1_000)], []);
        Assert.True(load.Refused.Count == 0, load.ToString());
        var source = await SnapshotAsync(fx.Source, s);
        Assert.Equal(large.Sha256, source.Folders["INBOX"][0].Sha256);

        var r = await ToolRunner.RunAsync("imapcopy", ["-S", fx.Source.Conn(s), "-D", fx.Destination.Conn(d)], timeout: TimeSpan.FromMinutes(5));
        output.WriteLine(r.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Copied 2 total messages", r.StdOut);
        Assert.Empty(source.Diff(await SnapshotAsync(fx.Destination, d)));
    }

    [Fact]
    public async Task Imapdump_and_dumptoIMAP_round_trip_the_corpus_and_name_an_empty_file()
    {
        var (s, load, source) = await LoadSourceAsync("hdump");
        string d = TestUsers.Unique("hdump-dst");
        var dump = await ToolRunner.RunAsync("imapdump", ["-S", fx.Source.Conn(s), "-f", _dir, "-s"]);
        output.WriteLine(dump.ToString());
        Assert.True(dump.ExitCode == 0, dump.ToString());
        // The empty message Dovecot would not take: a 0-byte file in the dump.
        await File.WriteAllBytesAsync(Path.Combine(_dir, s, "INBOX", "999"), []);

        var restore = await ToolRunner.RunAsync("dumptoIMAP", ["-i", fx.Destination.Conn(d), "-D", Path.Combine(_dir, s)]);
        output.WriteLine(restore.ToString());
        Assert.True(restore.ExitCode == 6, restore.ToString());
        // One line names the file and says why; nothing else failed (the folded-garbage message is a message too).
        var errors = restore.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"Error reading {Path.Combine(_dir, s, "INBOX", "999")}: empty file, not a mail message", Assert.Single(errors));
        Assert.Contains($"Done. {load.Loaded.Count} messages were copied.", restore.Lines);
        AssertSameMail(ExpectedOnDestination(source, load), await SnapshotAsync(fx.Destination, d), restore);
    }
}

/// <summary>
/// The destination's hierarchy delimiter inside a source name: "dot.in.name" on a "/" server cannot keep its name on a
/// "." server (Dovecot has no escape for the delimiter). imapcopy keeps the original's rules (spec §5.4): the "." becomes
/// "_" and, between different namespaces, backslashes are removed; the mail arrives byte-exact under those names.
/// </summary>
[Collection(DovecotCollections.Mixed)]
public sealed class HostileFolderDelimiterTests(DovecotMixedFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task A_name_holding_the_destination_delimiter_gets_an_underscore_and_its_mail_arrives()
    {
        string s = TestUsers.Unique("hdelim-src"), d = TestUsers.Unique("hdelim-dst");
        var messages = HostileCorpus.Messages().Where(m => m.Folder is "dot.in.name" or "Tom & Jerry" or "back\\slash" or "100% done").ToList();
        var load = await HostileCorpus.LoadAsync(fx.Source, s, messages, ["dot.in.name", "Tom & Jerry", "back\\slash", "100% done"]);
        Assert.Equal(messages.Count, load.Loaded.Count);
        var r = await ToolRunner.RunAsync("imapcopy", ["-S", fx.Source.Conn(s), "-D", fx.Destination.Conn(d)]);
        output.WriteLine(r.ToString());
        Assert.True(r.ExitCode == 0, r.ToString());

        await using (var raw = await RawImapSession.LoginAsync(fx.Destination, d))
        {
            var names = await raw.ListNamesAsync();
            output.WriteLine(string.Join(" | ", names));
            Assert.Equal(["INBOX", "INBOX.100% done", "INBOX.Tom &- Jerry", "INBOX.backslash", "INBOX.dot_in_name"], names.Order(StringComparer.Ordinal));
        }
        using var client = await fx.Destination.ConnectAsync(d);
        var snapshot = await CorpusBuilder.SnapshotAsync(client);
        var byName = messages.ToDictionary(m => m.Folder);
        Assert.Equal(byName["dot.in.name"].Sha256, Assert.Single(snapshot.Folders["dot_in_name"]).Sha256); // no final line break, kept
        Assert.Equal(byName["Tom & Jerry"].Sha256, Assert.Single(snapshot.Folders["Tom & Jerry"]).Sha256);
        Assert.Equal(byName["back\\slash"].Sha256, Assert.Single(snapshot.Folders["backslash"]).Sha256);
        Assert.Equal(byName["100% done"].Sha256, Assert.Single(snapshot.Folders["100% done"]).Sha256);
    }
}
