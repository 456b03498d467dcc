using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ImapTools.Common.Stores.Mbox;
using ImapTools.TestBed;
using Xunit.Abstractions;

namespace ImapTools.Reliability.Tests;

/// <summary>
/// Issue 9 item 2: tools killed with SIGKILL at random points and run again finish with nothing lost, nothing twice
/// and no half-written message anywhere. The kill points come from a fixed seed, so a failure can be replayed.
/// </summary>
[Collection(DovecotCollections.Pair)]
public sealed partial class CrashTests(DovecotPairFixture fx, ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("imaptools-crash-").FullName;

    private static async Task<MailboxSnapshot> SnapshotAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        var snap = await CorpusBuilder.SnapshotAsync(client);
        await client.DisconnectAsync(true);
        return snap;
    }

    [GeneratedRegex(@"^Copied \d+ of \d+ messages from ")]
    private static partial Regex ProgressLine();

    [Fact]
    public async Task Imapcopy_killed_at_20_random_points_of_a_2000_message_copy_ends_with_nothing_lost_or_twice()
    {
        string user = TestUsers.Unique("crash-copy");
        using (var client = await fx.Source.ConnectAsync(user))
            await CorpusBuilder.LoadAsync(client, new CorpusSpec { Seed = 2000, MessageCount = 2000, MaxAttachmentBytes = 4 * 1024, IncludeEdgeCases = false });
        // A 20 ms round trip on each side slows the copy (about 1,800 msgs/s on loopback) enough for 20 kills spread
        // over it; the kill follows the first or second confirmed batch of a run (a -j 10 line comes per message).
        await using var srcLink = DelayProxy.Start(fx.Source.ImapPort, TimeSpan.FromMilliseconds(10));
        await using var dstLink = DelayProxy.Start(fx.Destination.ImapPort, TimeSpan.FromMilliseconds(10));
        string[] args = ["-S", $"127.0.0.1:{srcLink.Port}/{user}/{DovecotServer.Password}", "-D", $"127.0.0.1:{dstLink.Port}/{user}/{DovecotServer.Password}", "-U", "-j", "10"];
        var rng = new Random(20261206);
        int kills = 0, runs = 0;
        var points = new List<string>();
        while (kills < 20 && runs < 40)
        {
            runs++;
            using var run = ToolProcess.Start("imapcopy", args);
            if (kills % 5 == 4)
            {
                // Some kills land while logging in, listing or reading the destination's keys.
                int ms = rng.Next(100, 900);
                await Task.Delay(ms);
                points.Add($"{ms} ms");
            }
            else
            {
                // The others once 10 or 20 messages of this run were confirmed (lines come per APPEND batch of 50).
                int lines = rng.Next(1, 3);
                Assert.True(await run.WaitForLinesAsync(ProgressLine().IsMatch, lines, TimeSpan.FromMinutes(2)),
                    $"run {runs} ended before {lines * 10} messages:\n" + string.Join('\n', run.Lines));
                points.Add($"{lines * 10} msgs");
            }
            if (await run.KillAsync()) kills++;
        }
        var dest = await SnapshotAsync(fx.Destination, user);
        output.WriteLine($"{kills} kills in {runs} runs at: {string.Join(", ", points)}; {dest.MessageCount} messages on the destination before the last run");

        var last = await ToolRunner.RunAsync("imapcopy", args);
        Assert.True(last.ExitCode == 0, last.ToString());
        Assert.Equal(20, kills);
        var source = await SnapshotAsync(fx.Source, user);
        dest = await SnapshotAsync(fx.Destination, user);
        var diff = source.Diff(dest);
        Assert.True(diff.Count == 0, $"{diff.Count} differences (lost or duplicated):\n" + string.Join('\n', diff.Take(20)));
        Assert.Equal(2000, dest.MessageCount);
    }

    public static TheoryData<string> Stores => new() { "imap_to_maildir", "imapdump", "IMAPtoMbox" };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_local_store_writer_killed_mid_run_leaves_no_half_message_and_a_rerun_completes(string tool)
    {
        string user = TestUsers.Unique("crash-" + tool);
        Corpus corpus;
        using (var client = await fx.Source.ConnectAsync(user))
            corpus = await CorpusBuilder.LoadAsync(client, new CorpusSpec { Seed = 77, MessageCount = 400, MaxAttachmentBytes = 64 * 1024, IncludeEdgeCases = false });
        var expected = corpus.Messages.Select(m => m.ServerSha256).ToList();
        var known = expected.ToHashSet(StringComparer.Ordinal);
        string root = Path.Combine(_dir, tool);
        // A 20 ms round trip keeps the export slow enough to be killed while writing, batch after batch.
        await using var link = DelayProxy.Start(fx.Source.ImapPort, TimeSpan.FromMilliseconds(10));
        string conn = $"127.0.0.1:{link.Port}/{user}/{DovecotServer.Password}";
        string[] args = tool switch
        {
            "imap_to_maildir" => ["-S", conn, "-M", root, "--update"],
            "imapdump" => ["-S", conn, "-f", root, "-U"],
            _ => ["-i", conn, "-m", root, "-n"],
        };
        var rng = new Random(tool.Length * 7919);
        long total = corpus.Messages.Sum(m => (long)m.ServerBytes.Length);
        int kills = 0;
        for (int i = 0; i < 6; i++)
        {
            // Kill once the store has grown by another 4-11 % of the corpus: always in the middle of writing.
            long target = StoreBytes(root) + total * rng.Next(4, 12) / 100;
            using var run = ToolProcess.Start(tool, args);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!run.HasExited && StoreBytes(root) < target && DateTime.UtcNow < deadline) await Task.Delay(rng.Next(2, 15));
            if (!await run.KillAsync())
            {
                // It finished before the kill: that must be a complete, successful run.
                Assert.True(run.ExitCode == 0, $"run {i + 1} failed by itself (exit {run.ExitCode}):\n" + string.Join('\n', run.Lines));
                break;
            }
            kills++;
            // After every kill: each message the store holds is a whole source message.
            var held = ReadStore(tool, root);
            var partial = held.Where(h => !known.Contains(h.Sha)).Select(h => h.Name).ToList();
            Assert.True(partial.Count == 0, $"after kill {kills}: not a whole source message: {string.Join(", ", partial.Take(5))}");
            output.WriteLine($"{tool}: kill {kills}: {held.Count} of {expected.Count} messages stored");
        }

        var last = await ToolRunner.RunAsync(tool, args);
        Assert.True(last.ExitCode == 0, last.ToString());
        var final = ReadStore(tool, root).Select(h => h.Sha).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToList(), final);
        Assert.True(kills >= 4, $"only {kills} runs were killed before the store was complete");
    }

    /// <summary>Bytes of every file under <paramref name="root"/> (grows as messages are written).</summary>
    private static long StoreBytes(string root)
    {
        if (!Directory.Exists(root)) return 0;
        long sum = 0;
        foreach (var f in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            try { sum += f.Length; } catch (FileNotFoundException) { }
        }
        return sum;
    }

    /// <summary>Every message the store holds, as (file or entry name, SHA-256 of its bytes).</summary>
    private static List<(string Name, string Sha)> ReadStore(string tool, string root)
    {
        var result = new List<(string, string)>();
        if (!Directory.Exists(root)) return result;
        static string Sha(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);
            string parent = Path.GetFileName(Path.GetDirectoryName(file)) ?? "";
            switch (tool)
            {
                case "imap_to_maildir":
                    if (parent is "cur" or "new") result.Add((file, Sha(File.ReadAllBytes(file))));
                    break;
                case "imapdump":
                    if (!name.StartsWith('.')) result.Add((file, Sha(File.ReadAllBytes(file))));
                    break;
                default:
                    if (name.StartsWith('.')) break;
                    var source = new MboxFolderSource(file, name, MboxDialect.StatusHeaders);
                    var records = source.ListAsync(default).GetAwaiter().GetResult();
                    foreach (var content in source.ReadAsync(records, default).GetAwaiter().GetResult())
                        result.Add(($"{file}#{content.Record.Index}", Sha(content.Data)));
                    break;
            }
        }
        return result;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
