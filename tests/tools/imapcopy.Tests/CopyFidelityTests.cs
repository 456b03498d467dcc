using ImapTools.TestBed;

namespace ImapTools.Tools.ImapCopy.Tests;

/// <summary>A whole mixed account arrives identical; a re-run with -U copies nothing.</summary>
[Collection(DovecotCollections.Pair)]
public class CopyFidelityTests(DovecotPairFixture servers) : ImapCopyTestBase(servers)
{
    [Fact]
    public async Task Mixed_account_arrives_identical_and_update_rerun_copies_nothing()
    {
        var (s, d) = await NewAccountsAsync(CorpusSpec.Mixed());
        var source = await SnapshotAsync(Src, s);
        int total = source.MessageCount;
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(r);
        Assert.Contains($"Copied {total} total messages", r.StdOut);
        Assert.Contains("   Copied ", r.StdOut);
        Assert.Matches($@"Totals: \d+ folders \(0 failed\), {total} messages copied, 0 skipped, 0 failed", r.StdOut);

        var dest = await SnapshotAsync(Dst, d);
        Assert.Empty(source.Diff(dest));
        Assert.Contains("Café/Menü", dest.FolderNames);
        Assert.Contains("Archive/2019/Q1", dest.FolderNames);

        var again = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-U");
        AssertOk(again);
        Assert.Contains("Running in update mode", again.StdOut);
        Assert.Contains("Copied 0 total messages", again.StdOut);
        Assert.Equal(total, (await SnapshotAsync(Dst, d)).MessageCount);
    }
}

/// <summary>Slash namespace to INBOX./dot namespace and back.</summary>
[Collection(DovecotCollections.Mixed)]
public class NamespaceTranslationTests(DovecotMixedFixture servers) : ImapCopyTestBase(servers)
{
    [Fact]
    public async Task Slash_to_dot_and_back_keeps_tree_bytes_flags_and_dates()
    {
        var (s, d) = await NewAccountsAsync(CorpusSpec.Mixed());
        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d)));
        var raw = await RawFolderNamesAsync(Dst, d);
        Assert.Contains("INBOX.Archive.2019.Q1", raw);
        Assert.Contains("INBOX.Sent Items", raw);
        var source = await SnapshotAsync(Src, s);
        Assert.Empty(source.Diff(await SnapshotAsync(Dst, d)));

        // And back, into a fresh account on the slash server.
        string back = TestUsers.Unique("back");
        AssertOk(await ImapCopy("-S", Dst.Conn(d), "-D", Src.Conn(back)));
        Assert.Empty(source.Diff(await SnapshotAsync(Src, back)));
    }
}

/// <summary>The foundation issue's acceptance run: 2,000 mixed messages, slash → dot and back, then -U copies 0.</summary>
[Collection(DovecotCollections.Mixed)]
public class AcceptanceTests(DovecotMixedFixture servers) : ImapCopyTestBase(servers)
{
    [Fact]
    public async Task Two_thousand_messages_round_trip_between_namespaces()
    {
        var (s, d) = await NewAccountsAsync(CorpusSpec.Mixed(largeAttachments: true) with { MessageCount = 2000 });
        var source = await SnapshotAsync(Src, s);
        Assert.True(source.MessageCount >= 2000);

        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d)));
        Assert.Empty(source.Diff(await SnapshotAsync(Dst, d)));

        string back = TestUsers.Unique("back");
        AssertOk(await ImapCopy("-S", Dst.Conn(d), "-D", Src.Conn(back)));
        Assert.Empty(source.Diff(await SnapshotAsync(Src, back)));

        var again = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-U");
        AssertOk(again);
        Assert.Contains("Copied 0 total messages", again.StdOut);
    }
}
