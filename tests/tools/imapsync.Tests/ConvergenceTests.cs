using ImapTools.TestBed;
using MailKit;

namespace ImapTools.Tools.ImapSync.Tests;

/// <summary>Random (seeded) source mutations: one pass converges, a second pass changes nothing.</summary>
[Collection(DovecotCollections.Pair)]
public class ConvergenceTests(DovecotPairFixture servers) : SyncTestBase(servers)
{
    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public async Task Random_mutations_converge_in_one_pass(int seed)
    {
        var (s, d) = await LoadedAsync(CorpusSpec.Small with { Seed = seed, MessageCount = 16, Folders = ["INBOX", "Sent", "Drafts", "Archive/2019"] });
        AssertOk(await Run("-S", Src.Conn(s), "-D", Dst.Conn(d), "--delete-folders"));
        AssertSame(WithoutDeleted(await SnapshotAsync(Src, s)), await SnapshotAsync(Dst, d));

        var rnd = new Random(seed);
        string[] keywords = ["$Label1", "Work", "$Junk", "todo"];
        MessageFlags[] flagChoices = [MessageFlags.None, MessageFlags.Seen, MessageFlags.Seen | MessageFlags.Flagged, MessageFlags.Answered | MessageFlags.Draft, MessageFlags.Deleted];
        foreach (var folder in new[] { "INBOX", "Sent", "Archive/2019" })
        {
            await WithFolderAsync(Src, s, folder, async f =>
            {
                if (f.Count == 0) return;
                var expunge = new List<UniqueId>();
                foreach (var m in await f.FetchAsync(0, -1, MessageSummaryItems.UniqueId))
                {
                    double p = rnd.NextDouble();
                    if (p < 0.2) expunge.Add(m.UniqueId);
                    else if (p < 0.5)
                        await f.SetFlagsAsync(m.UniqueId, flagChoices[rnd.Next(flagChoices.Length)],
                            keywords.Where(_ => rnd.Next(2) == 0).ToHashSet(), true);
                }
                if (expunge.Count > 0)
                {
                    await f.AddFlagsAsync(expunge, MessageFlags.Deleted, true);
                    await f.ExpungeAsync(expunge);
                }
            });
        }
        for (int i = 0; i < 3; i++)
            await AppendAsync(Src, s, i == 0 ? "INBOX" : "Sent", Mail($"rnd{seed}.{i}@t", $"random new {i}"), flagChoices[rnd.Next(4)]);
        await AppendAsync(Src, s, "Projects/New", Mail($"proj{seed}@t", "in a new folder"), MessageFlags.Seen, null, "Work");
        using (var client = await Src.ConnectAsync(s))
        {
            var drafts = await client.GetFolderAsync("Drafts");
            await drafts.DeleteAsync();
            await client.DisconnectAsync(true);
        }
        var before = await SnapshotAsync(Src, s);

        var r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d), "--delete-folders");
        AssertOk(r);
        Assert.Contains("Deleted mailbox Drafts on the destination", r.StdOut);
        AssertSame(before, await SnapshotAsync(Src, s));
        var dst = await SnapshotAsync(Dst, d);
        AssertSame(WithoutDeleted(before), dst);

        r = await Run("-S", Src.Conn(s), "-D", Dst.Conn(d), "--delete-folders");
        AssertOk(r);
        Assert.Contains("   Added   0\n   Updated 0\n   Deleted 0\n", r.StdOut);
        Assert.DoesNotContain("Deleted mailbox", r.StdOut);
        AssertSame(dst, await SnapshotAsync(Dst, d));
    }
}
