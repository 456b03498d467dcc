using ImapTools.TestBed;
using MailKit;

namespace ImapTools.Tools.ImapSync.Tests;

/// <summary>imapsync with real argv against two Dovecot servers, checked with an independent client.</summary>
[Collection(DovecotCollections.Pair)]
public class SyncTests(DovecotPairFixture servers) : SyncTestBase(servers)
{
    [Fact]
    public async Task Source_changes_converge_in_one_pass_source_untouched_second_pass_does_nothing()
    {
        var (s, d) = await LoadedAsync();
        await AppendAsync(Src, s, "Sent", Mail("sa@t", "sent A"), MessageFlags.Seen);
        await AppendAsync(Src, s, "Sent", Mail("sb@t", "sent B"), MessageFlags.Seen);
        var r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(r);
        AssertSame(WithoutDeleted(await SnapshotAsync(Src, s)), await SnapshotAsync(Dst, d));
        Assert.Contains("imapsync starting", r.StdOut);
        Assert.Contains($"Checking for adds & updates for {d}", r.StdOut);

        // Mutate the source: new messages (one in a new folder), one expunged, flags and keywords changed,
        // one message flagged \Deleted (must be treated as absent, and stay on the source).
        await AppendAsync(Src, s, "INBOX", Mail("new1@t", "new one"), MessageFlags.Seen, null, "$Label1");
        await AppendAsync(Src, s, "Projects/2026", Mail("new2@t", "new two"));
        await AppendAsync(Src, s, "INBOX", Mail("gone@t", "deleted on source"), MessageFlags.Deleted);
        string expungedSubject = "", reflagged = "";
        await WithFolderAsync(Src, s, "Sent", async f =>
        {
            expungedSubject = "sent A";
            await f.AddFlagsAsync(await UidAsync(f, "sent A"), MessageFlags.Deleted, true);
            await f.ExpungeAsync();
            reflagged = "sent B";
            await f.SetFlagsAsync(await UidAsync(f, "sent B"), MessageFlags.Flagged | MessageFlags.Answered, new HashSet<string> { "Work" }, true);
        });
        // The destination holds a case-different keyword on a message the source has with "$Label1"-style keywords:
        // case-insensitively equal, so it must not count as a change.
        await AppendAsync(Src, s, "INBOX", Mail("kw@t", "keyword case"), MessageFlags.Seen, null, "Project");
        await AppendAsync(Dst, d, "INBOX", Mail("kw@t", "keyword case"), MessageFlags.Seen, null, "PROJECT");
        var before = await SnapshotAsync(Src, s);

        r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(r);
        var after = await SnapshotAsync(Src, s);
        Assert.Empty(before.Diff(after));   // the source is never modified, \Deleted message included
        Assert.Contains(after.Folders["INBOX"], m => m.Flags.HasFlag(MessageFlags.Deleted));

        var dst = await SnapshotAsync(Dst, d);
        // Everything but the keyword-case message equals the source without its \Deleted message.
        var kwMsg = await MessagesAsync(Dst, d, "INBOX");
        var kw = kwMsg.Single(m => m.Subject == "keyword case");
        Assert.Equal("project", Assert.Single(kw.Keywords).ToLowerInvariant());
        Assert.Empty(WithoutDeleted(after).Diff(dst, folderFilter: f => f != "INBOX"));
        Assert.Empty(WithoutDeleted(after).Diff(dst, compareFlags: false));
        Assert.DoesNotContain(await SubjectsAsync(Dst, d, "INBOX"), x => x == "deleted on source");
        Assert.DoesNotContain(await SubjectsAsync(Dst, d, "Sent"), x => x == expungedSubject);
        var sent = (await MessagesAsync(Dst, d, "Sent")).Single(m => m.Subject == reflagged);
        Assert.Equal(MessageFlags.Flagged | MessageFlags.Answered, sent.Flags);
        Assert.Equal(["Work"], sent.Keywords);
        Assert.Contains("Created mailbox Projects/2026", r.StdOut);
        Assert.Contains("   Added 1 messages to Projects/2026", r.StdOut);
        Assert.Contains("   Deleted 1 messages from Sent", r.StdOut);
        Assert.Contains($"Summary of results for {d}", r.StdOut);
        Assert.Contains("   Added   2", r.StdOut);
        Assert.Contains("   Deleted 1", r.StdOut);
        Assert.Contains("      Sent:deleted:  1", r.StdOut);
        Assert.Contains("Synchronization summary:", r.StdOut);
        Assert.Contains("1 users synchronized", r.StdOut);

        // Second pass: nothing to do, nothing changes.
        r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(r);
        Assert.Contains("   Added   0", r.StdOut);
        Assert.Contains("   Updated 0", r.StdOut);
        Assert.Contains("   Deleted 0", r.StdOut);
        Assert.Empty(dst.Diff(await SnapshotAsync(Dst, d)));
        Assert.Empty(after.Diff(await SnapshotAsync(Src, s)));
    }

    [Fact]
    public async Task Flags_are_made_equal_including_removed_flags_and_keywords()
    {
        string s = TestUsers.Unique("ssrc"), d = TestUsers.Unique("sdst");
        await AppendAsync(Src, s, "INBOX", Mail("f1@t", "one"), MessageFlags.Seen, null, "Alpha");
        await AppendAsync(Src, s, "INBOX", Mail("f2@t", "two"), MessageFlags.None);
        await AppendAsync(Dst, d, "INBOX", Mail("f1@t", "one"), MessageFlags.Flagged, null, "Beta");
        await AppendAsync(Dst, d, "INBOX", Mail("f2@t", "two"), MessageFlags.Seen | MessageFlags.Answered, null, "Gamma");
        var r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(r);
        Assert.Contains("   Updated 2", r.StdOut);
        AssertSame(await SnapshotAsync(Src, s), await SnapshotAsync(Dst, d), compareDates: false);
    }

    [Fact]
    public async Task Keep_extras_with_n_and_delete_them_without()
    {
        string s = TestUsers.Unique("ssrc"), d = TestUsers.Unique("sdst");
        await AppendAsync(Src, s, "INBOX", Mail("a@t", "on both"));
        await AppendAsync(Dst, d, "INBOX", Mail("a@t", "on both"));
        await AppendAsync(Dst, d, "INBOX", Mail("x@t", "extra"));
        await AppendAsync(Dst, d, "INBOX", Mail("", "extra without id"));
        var r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d), "-n");
        AssertOk(r);
        Assert.DoesNotContain("messages from INBOX", r.StdOut);
        Assert.DoesNotContain(":deleted:", r.StdOut);
        Assert.Equal(["extra", "extra without id", "on both"], await SubjectsAsync(Dst, d, "INBOX"));

        r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(r);
        Assert.Contains("   Deleted 2 messages from INBOX", r.StdOut);
        Assert.Equal(["on both"], await SubjectsAsync(Dst, d, "INBOX"));
    }

    [Fact]
    public async Task Test_mode_prints_the_plan_and_changes_nothing()
    {
        string s = TestUsers.Unique("ssrc"), d = TestUsers.Unique("sdst");
        await AppendAsync(Src, s, "INBOX", Mail("a@t", "to add"));
        await AppendAsync(Src, s, "INBOX", Mail("b@t", "to reflag"), MessageFlags.Seen);
        await AppendAsync(Src, s, "Later", Mail("c@t", "in new folder"));
        await AppendAsync(Dst, d, "INBOX", Mail("b@t", "to reflag"));
        await AppendAsync(Dst, d, "INBOX", Mail("x@t", "to delete"));
        var srcBefore = await SnapshotAsync(Src, s);
        var dstBefore = await SnapshotAsync(Dst, d);

        var r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d), "-t");
        AssertOk(r);
        Assert.Contains("Running in test mode, no changes will be made", r.StdOut);
        Assert.Contains("Would have created Later on the destination", r.StdOut);
        Assert.Contains("   Would have added msgnum 1 <a@t> to INBOX", r.StdOut);
        Assert.Contains("   Would have updated the flags of msgnum 1 <b@t> in INBOX: () -> (\\Seen)", r.StdOut);
        Assert.Contains("   Would have deleted msgnum 2 <x@t> from INBOX", r.StdOut);
        Assert.Contains("   Would have added 1 messages to Later", r.StdOut);
        Assert.Contains("   Would have added   2", r.StdOut);
        Assert.Contains("   Would have updated 1", r.StdOut);
        Assert.Contains("   Would have deleted 1", r.StdOut);
        Assert.Contains("      INBOX:Would have deleted:1", r.StdOut);
        Assert.Empty(srcBefore.Diff(await SnapshotAsync(Src, s)));
        var dstAfter = await SnapshotAsync(Dst, d);
        Assert.Empty(dstBefore.Diff(dstAfter));
        Assert.DoesNotContain("Later", dstAfter.FolderNames);

        // The plan was exact: a real run does what was announced.
        r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(r);
        Assert.Contains("   Added   2", r.StdOut);
        Assert.Contains("   Updated 1", r.StdOut);
        Assert.Contains("   Deleted 1", r.StdOut);
    }

    [Fact]
    public async Task Since_limits_adds_and_deletes_to_recent_messages()
    {
        string s = TestUsers.Unique("ssrc"), d = TestUsers.Unique("sdst");
        string recent = DateTimeOffset.UtcNow.AddDays(-2).ToString("ddd, d MMM yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " +0000";
        await AppendAsync(Src, s, "INBOX", Mail("old@t", "old", date: "Fri, 1 Jan 2010 10:00:00 +0000"));
        await AppendAsync(Src, s, "INBOX", Mail("mid@t", "mid", date: "Mon, 1 Jun 2020 10:00:00 +0000"));
        await AppendAsync(Src, s, "INBOX", Mail("new@t", "new", date: recent));
        await AppendAsync(Dst, d, "INBOX", Mail("oldextra@t", "old extra", date: "Fri, 1 Jan 2010 10:00:00 +0000"));
        await AppendAsync(Dst, d, "INBOX", Mail("newextra@t", "new extra", date: "Mon, 1 Jun 2020 10:00:00 +0000"));

        var r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d), "-s", "01-Jan-2015");
        AssertOk(r);
        Assert.Contains("Syncing messages after 01-Jan-2015", r.StdOut);
        Assert.Contains("     There are 3 messages in INBOX", r.StdOut);
        Assert.Contains("     There are 2 messages after 01-Jan-2015", r.StdOut);
        Assert.Equal(["mid", "new", "old extra"], await SubjectsAsync(Dst, d, "INBOX"));

        string d2 = TestUsers.Unique("sdst");
        r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d2), "-s", "30");
        AssertOk(r);
        Assert.Contains("Syncing messages after 30", r.StdOut);
        Assert.Equal(["new"], await SubjectsAsync(Dst, d2, "INBOX"));
    }

    [Fact]
    public async Task Mailbox_selection_limit_ignore_file_and_archive()
    {
        string s = TestUsers.Unique("ssrc"), d = TestUsers.Unique("sdst");
        for (int i = 1; i <= 3; i++) await AppendAsync(Src, s, "INBOX", Mail($"i{i}@t", $"inbox {i}"));
        await AppendAsync(Src, s, "Sent", Mail("s1@t", "sent 1"));
        await AppendAsync(Src, s, "Junk", Mail("j1@t", "junk 1"));
        string ignore = Path.Combine(Path.GetTempPath(), $"ign-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(ignore, "# comment\n\n  <i2@t>  \n");
        var r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d), "-m", "INBOX, Sent, Junk", "-e", "Junk", "-f", "1", "-i", ignore);
        AssertOk(r);
        Assert.Contains("Ignoring <i2@t>", r.StdOut);
        Assert.Equal(["inbox 1"], await SubjectsAsync(Dst, d, "INBOX"));
        Assert.Equal(["sent 1"], await SubjectsAsync(Dst, d, "Sent"));
        Assert.DoesNotContain("Junk", (await SnapshotAsync(Dst, d)).FolderNames);

        // -A: messages added from Sent are moved to Sent/Archive on the source (the only source change imapsync makes).
        string d2 = TestUsers.Unique("sdst");
        r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d2), "-m", "Sent", "-A", "Sent:Sent Archive");
        AssertOk(r);
        Assert.Contains("Messages in Sent on the source will be moved to Sent Archive on the source after syncing", r.StdOut);
        Assert.Contains("   Moved   1", r.StdOut);
        Assert.Equal(["sent 1"], await SubjectsAsync(Src, s, "Sent Archive"));
        Assert.Empty(await SubjectsAsync(Src, s, "Sent"));
        Assert.Equal(["sent 1"], await SubjectsAsync(Dst, d2, "Sent"));
    }

    [Fact]
    public async Task Deletes_expunge_only_the_extra_messages_and_map_file_renames()
    {
        string s = TestUsers.Unique("ssrc"), d = TestUsers.Unique("sdst");
        await AppendAsync(Src, s, "INBOX", Mail("keep@t", "keep"));
        await AppendAsync(Src, s, "Sent", Mail("sent@t", "sent"));
        await AppendAsync(Dst, d, "INBOX", Mail("keep@t", "keep"));
        await AppendAsync(Dst, d, "INBOX", Mail("extra@t", "extra"));
        // Ignored (-i) and already flagged \Deleted by the user: a bare EXPUNGE would destroy it.
        await AppendAsync(Dst, d, "INBOX", Mail("user-deleted@t", "user deleted"), MessageFlags.Deleted);
        string ignore = Path.Combine(Path.GetTempPath(), $"ign-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(ignore, "<user-deleted@t>\n");
        string map = Path.Combine(Path.GetTempPath(), $"map-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(map, "# map\nSent: Sent Items/Old\n");
        var r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d), "-i", ignore, "-M", map);
        AssertOk(r);
        Assert.Contains("Mapping src:Sent to dst:Sent Items/Old", r.StdOut);
        Assert.Contains("   Deleted 1 messages from INBOX", r.StdOut);
        var inbox = await MessagesAsync(Dst, d, "INBOX");
        Assert.Equal(["keep", "user deleted"], inbox.Select(m => m.Subject).Order(StringComparer.Ordinal));
        Assert.Equal(["sent"], await SubjectsAsync(Dst, d, "Sent Items/Old"));
    }

    [Fact]
    public async Task Users_file_syncs_every_pair_and_a_failing_user_does_not_stop_the_others()
    {
        var (s1, d1) = await LoadedAsync();
        var (s2, d2) = await LoadedAsync();
        string users = Path.Combine(Path.GetTempPath(), $"users-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(users, $"# users\r\n{s1}:{DovecotServer.Password}:{d1}:{DovecotServer.Password}\r\n\r\n" +
            $"{s2}:wrong:{d2}:{DovecotServer.Password}\r\n  {s2}:{DovecotServer.Password}:{d2}:{DovecotServer.Password}\r\n");
        var r = await Run("-S", $"{Src.Host}:{Src.ImapPort}", "-D", $"{Dst.Host}:{Dst.ImapPort}/ignored", "-u", users);
        AssertOk(r, 6);
        Assert.Contains(s2, r.StdErr);
        AssertSame(WithoutDeleted(await SnapshotAsync(Src, s1)), await SnapshotAsync(Dst, d1));
        AssertSame(WithoutDeleted(await SnapshotAsync(Src, s2)), await SnapshotAsync(Dst, d2));
        Assert.Contains("2 users synchronized", r.StdOut);
    }

    [Theory]
    [InlineData("-S", "/u/p", "has no host name")]
    [InlineData("-S", "host:99999/u/p", "invalid port")]
    [InlineData("-s", "32-Foo-2020", "Invalid -s value")]
    [InlineData("-s", "ten", "Invalid -s value")]
    [InlineData("-f", "x", "Invalid value for -f")]
    [InlineData("-A", "nocolon", "Invalid -A value")]
    public async Task Bad_values_are_usage_errors(string flag, string value, string message)
    {
        var args = new List<string> { "-S", Src.Conn("u1"), "-D", Dst.Conn("u2") };
        int at = args.IndexOf(flag);
        if (at >= 0) args[at + 1] = value; else args.AddRange([flag, value]);
        var r = await ToolRunner.RunAsync("imapsync", args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public async Task Missing_files_unknown_option_and_unreachable_server()
    {
        var r = await Run("-S", Src.Host, "-D", Dst.Host, "-u", "/nonexistent/users");
        Assert.Equal(5, r.ExitCode);
        Assert.Contains("Error opening users file /nonexistent/users", r.StdErr);

        r = await Run("-S", Src.Conn("u1"), "-D", Dst.Conn("u2"), "-i", "/nonexistent/ids");
        Assert.Equal(5, r.ExitCode);
        Assert.Contains("Error opening /nonexistent/ids", r.StdErr);

        r = await Run("-S", Src.Conn("u1"), "-D", Dst.Conn("u2"), "-k");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Unknown option: k", r.StdErr);
        Assert.StartsWith("usage:", r.StdOut);

        r = await Run("-S", "127.0.0.1:1/u/p", "-D", Dst.Conn("u2"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("Error connecting to 127.0.0.1", r.StdErr);

        r = await Run("-h");
        AssertOk(r);
        Assert.StartsWith("usage:\n imapsync -S sourceHost/sourceUser/sourcePassword\n          -D destHost/destUser/destPassword", r.StdOut);
    }
}

/// <summary>Slash source, "INBOX." dot destination: names are translated both ways of the prefix and delimiter.</summary>
[Collection(DovecotCollections.Mixed)]
public class MixedNamespaceSyncTests(DovecotMixedFixture servers) : SyncTestBase(servers)
{
    [Fact]
    public async Task Sync_between_namespaces_converges()
    {
        var (s, d) = await LoadedAsync(CorpusSpec.Small with { Folders = ["INBOX", "Archive/2019/Q1", "Sent Items"] });
        var r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(r);
        AssertSame(WithoutDeleted(await SnapshotAsync(Src, s)), await SnapshotAsync(Dst, d));
        Assert.Contains("Created mailbox INBOX.Archive.2019.Q1", r.StdOut);
        r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(r);
        Assert.Contains("   Added   0", r.StdOut);
        Assert.Contains("   Updated 0", r.StdOut);
        Assert.Contains("   Deleted 0", r.StdOut);
    }
}
