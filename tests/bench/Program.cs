using System.Diagnostics;
using System.Globalization;
using System.Text;
using ImapTools.TestBed;

namespace ImapTools.Bench;

/// <summary>
/// ./build.sh bench: copies one deterministic account between two private Dovecot servers with our imapcopy (serial
/// and -Y 4), mbsync and doveadm backup (imapc), 3 runs each, directly and through a 20 ms-each-way delay proxy, checks
/// every result against the source and prints one table of medians.
/// </summary>
public static class Program
{
    private sealed record Run(string Peer, string Mode, double Seconds, long PeakKb, int Diffs, string FirstDiff);

    /// <summary>
    /// Entry point: [--messages N] [--megabytes M] [--runs R] [--delay-ms D] [--out FILE] [--peers a,b,...]
    /// [--mode table|memory|update|cpu] [--message-mb S] [--extra "imapcopy flags"] [--compare OTHER-IMAPCOPY]. Mode memory copies N messages of S MB each (default 60 × 5)
    /// and prints peak RSS; mode update copies N small messages (default 10,000) and times no-change -U re-runs.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        int messages = 3000, megabytes = 500, runs = 3, delayMs = 20;
        string root = Directory.GetCurrentDirectory();
        string outFile = Path.Combine(root, ".bench", "bench-table.md");
        string imapcopy = Path.Combine(root, "tools/imapcopy/bin/Release/net10.0/imapcopy");
        string[] peers = ["imapcopy", "imapcopy -Y 4", "mbsync", "doveadm-imapc"];
        string benchMode = "table";
        int messageMb = 5;
        string? compare = null;
        string[] extra = [];
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--mode": benchMode = args[i + 1]; break;
                case "--compare": compare = args[i + 1]; break;
                case "--message-mb": messageMb = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--extra": extra = args[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries); break;
                case "--messages": messages = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--megabytes": megabytes = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--delay-ms": delayMs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--out": outFile = args[i + 1]; break;
                case "--imapcopy": imapcopy = args[i + 1]; break;
                case "--peers": peers = args[i + 1].Split(','); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        // Focused modes: one issue-8 target each (sizes default to the target's: 60 × 5 MB, 10,000 unchanged messages).
        if (benchMode == "memory")
            return await FocusBench.MemoryAsync(root, imapcopy, args.Contains("--messages") ? messages : 60, messageMb, runs, extra, compare);
        if (benchMode == "cpu")
            return await FocusBench.CpuAsync(root, imapcopy, args.Contains("--messages") ? messages : 1000, args.Contains("--megabytes") ? megabytes : 150, runs, extra);
        if (benchMode == "update")
            return await FocusBench.UpdateAsync(root, imapcopy, args.Contains("--messages") ? messages : 10_000, runs, extra, compare);
        foreach (var tool in new[] { "mbsync", "doveadm", "/usr/bin/time" })
            if (!File.Exists(tool) && Which(tool) is null) { Console.Error.WriteLine($"bench: {tool} is not installed (./build.sh bench installs isync, time)"); return 1; }

        string dir = Path.Combine(root, ".bench");
        foreach (var old in new[] { "a", "b" })
        {
            await DovecotServer.StopAsync(Path.Combine(dir, old));
            if (Directory.Exists(Path.Combine(dir, old))) Directory.Delete(Path.Combine(dir, old), recursive: true);
        }
        foreach (var old in Directory.Exists(dir) ? Directory.GetDirectories(dir, "mbsync-*") : []) Directory.Delete(old, recursive: true);
        Directory.CreateDirectory(dir);
        await using var a = await DovecotServer.StartAsync(DovecotVariant.Slash, Path.Combine(dir, "a"));
        await using var b = await DovecotServer.StartAsync(DovecotVariant.Slash, Path.Combine(dir, "b"));
        Console.WriteLine($"servers: source 127.0.0.1:{a.ImapPort}, destination 127.0.0.1:{b.ImapPort}");
        int count;
        long bytes;
        var clock = Stopwatch.StartNew();
        using (var c = await a.ConnectAsync("alice")) (count, bytes) = await BenchCorpus.LoadAsync(c, messages, megabytes * 1_000_000L);
        Console.WriteLine($"corpus: {count} messages, {bytes / 1e6:0.0} MB in {BenchCorpus.Folders.Length} folders (loaded in {clock.Elapsed.TotalSeconds:0} s)");
        MailboxSnapshot source;
        using (var c = await a.ConnectAsync("alice")) source = await CorpusBuilder.SnapshotAsync(c);

        var results = new List<Run>();
        int n = 0;
        foreach (var mode in new[] { "direct", $"{2 * delayMs} ms RTT" })
        {
            await using var pa = mode == "direct" ? null : DelayProxy.Start(a.ImapPort, TimeSpan.FromMilliseconds(delayMs));
            await using var pb = mode == "direct" ? null : DelayProxy.Start(b.ImapPort, TimeSpan.FromMilliseconds(delayMs));
            int srcPort = pa?.Port ?? a.ImapPort, dstPort = pb?.Port ?? b.ImapPort;
            foreach (var peer in peers)
            {
                for (int r = 1; r <= runs; r++)
                {
                    string user = $"dst{++n}";
                    var (seconds, peak, output, rc) = await TimeAsync(Command(peer, imapcopy, dir, a, b, srcPort, dstPort, user));
                    MailboxSnapshot copy;
                    using (var c = await b.ConnectAsync(user)) copy = await CorpusBuilder.SnapshotAsync(c);
                    var diffs = source.Diff(copy);
                    string first = rc != 0 ? $"exit {rc}: {Last(output)}" : diffs.FirstOrDefault() ?? "";
                    if (rc == 0 && diffs.Count > 0 && SameExceptBytes(source, copy))
                        first = "same messages, flags and dates, but message bytes changed" + (peer == "mbsync" ? " (mbsync inserts an X-TUID header)" : "");
                    var run = new Run(peer, mode, seconds, peak, diffs.Count + (rc == 0 ? 0 : 1), first);
                    results.Add(run);
                    if (run.Diffs > 0) await File.WriteAllTextAsync(Path.Combine(dir, $"{user}.log"), $"{string.Join(' ', Command(peer, imapcopy, dir, a, b, srcPort, dstPort, user))}\n{output}\n{string.Join('\n', diffs.Take(50))}\n");
                    Console.WriteLine($"{mode,-12} {peer,-14} run {r}: {seconds,7:0.00} s  {count / seconds,7:0.0} msgs/s  {bytes / 1e6 / seconds,6:0.00} MB/s  " +
                                      $"peak {peak / 1024.0,6:0} MB  {(run.Diffs == 0 ? "identical" : $"{run.Diffs} differences: {run.FirstDiff}")}");
                }
            }
        }

        string table = Table(results, count, bytes, peers, DateTime.UtcNow, imapcopy);
        if (peers.Contains("imapcopy"))
        {
            // A no-change re-run (-U): its cost should grow with folders, not messages.
            var (secs, _, _, rc) = await TimeAsync([imapcopy, "-S", $"127.0.0.1:{a.ImapPort}/alice/secret", "-D", $"127.0.0.1:{b.ImapPort}/dst1/secret", "-q", "--insecure", "-U"]);
            table += $"\nNo-change re-run (`imapcopy -U`, direct, {count} messages in {BenchCorpus.Folders.Length} folders): {secs:0.00} s (exit {rc}).\n";
        }
        Console.WriteLine();
        Console.WriteLine(table);
        await File.WriteAllTextAsync(outFile, table);
        Console.WriteLine($"(table written to {outFile})");
        // Fails when one of our copies differs or any program failed; mbsync's X-TUID header is reported, not failed.
        return results.Any(r => (r.Peer.StartsWith("imapcopy", StringComparison.Ordinal) && r.Diffs > 0) || r.FirstDiff.StartsWith("exit ", StringComparison.Ordinal)) ? 1 : 0;
    }

    private static string[] Command(string peer, string imapcopy, string dir, DovecotServer a, DovecotServer b, int srcPort, int dstPort, string user)
    {
        switch (peer)
        {
            case "imapcopy":
                return [imapcopy, "-S", $"127.0.0.1:{srcPort}/alice/secret", "-D", $"127.0.0.1:{dstPort}/{user}/secret", "-q", "--insecure"];
            case "imapcopy -Y 4":
                return [imapcopy, "-S", $"127.0.0.1:{srcPort}/alice/secret", "-D", $"127.0.0.1:{dstPort}/{user}/secret", "-q", "--insecure", "-Y", "4"];
            case "mbsync":
                {
                    string state = Path.Combine(dir, "mbsync-" + user);
                    Directory.CreateDirectory(state);
                    string cfg = Path.Combine(state, "mbsyncrc");
                    File.WriteAllText(cfg, $"""
                        IMAPAccount src
                        Host 127.0.0.1
                        Port {srcPort}
                        User alice
                        Pass secret
                        SSLType STARTTLS
                        CertificateFile {a.CertificatePath}
                        AuthMechs LOGIN

                        IMAPStore src-store
                        Account src

                        IMAPAccount dst
                        Host 127.0.0.1
                        Port {dstPort}
                        User {user}
                        Pass secret
                        SSLType STARTTLS
                        CertificateFile {b.CertificatePath}
                        AuthMechs LOGIN

                        IMAPStore dst-store
                        Account dst

                        Channel copy
                        Far :src-store:
                        Near :dst-store:
                        Patterns *
                        Create Near
                        Sync Pull
                        CopyArrivalDate yes
                        SyncState {state}/

                        """);
                    return ["mbsync", "-q", "-c", cfg, "copy"];
                }
            case "doveadm-imapc":
                return ["doveadm", "-c", b.ConfigPath, "-o", "imapc_host=127.0.0.1", "-o", $"imapc_port={srcPort}", "-o", "imapc_user=alice",
                    "-o", "imapc_password=secret", "-o", "imapc_ssl=starttls", "-o", "imapc_ssl_verify=no", "-o", "imapc_features=rfc822.size fetch-headers",
                    "backup", "-R", "-u", user, "imapc:"];
            default: throw new ArgumentException($"unknown peer {peer}");
        }
    }

    internal static async Task<(double Seconds, long PeakKb, string Output, int ExitCode)> TimeAsync(string[] command)
    {
        string timeFile = Path.GetTempFileName();
        var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-o"); psi.ArgumentList.Add(timeFile);
        psi.ArgumentList.Add("-f"); psi.ArgumentList.Add("%e %M");
        foreach (var c in command) psi.ArgumentList.Add(c);
        psi.Environment["IMAPTOOLS_INSECURE"] = "1";
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        double wall = clock.Elapsed.TotalSeconds;
        var parts = (await File.ReadAllTextAsync(timeFile)).Trim().Split('\n')[^1].Split(' ');
        File.Delete(timeFile);
        long peak = parts.Length > 1 && long.TryParse(parts[1], out long kb) ? kb : 0;
        return (wall, peak, await stdout + await stderr, p.ExitCode);
    }

    private static string Table(List<Run> results, int count, long bytes, string[] peers, DateTime when, string imapcopy)
    {
        double Median(IEnumerable<double> v) { var s = v.Order().ToList(); return s.Count == 0 ? double.NaN : s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Bench {when:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName} ({Environment.ProcessorCount} cores): {count} messages, {bytes / 1e6:0.0} MB, medians of {results.GroupBy(r => (r.Peer, r.Mode)).Max(g => g.Count())} runs");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"imapcopy: {imapcopy} ({(File.Exists(imapcopy + ".dll") ? "framework-dependent, JIT" : "NativeAOT, as packaged for linux-x64")}).");
        sb.AppendLine();
        sb.AppendLine("| mode | peer | msgs/s | MB/s | peak RSS MB | ours (serial) ÷ peer | ours (-Y 4) ÷ peer | result |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var mode in results.Select(r => r.Mode).Distinct())
        {
            double Rate(string peer) => count / Median(results.Where(r => r.Mode == mode && r.Peer == peer).Select(r => r.Seconds));
            foreach (var peer in peers)
            {
                var runs = results.Where(r => r.Mode == mode && r.Peer == peer).ToList();
                if (runs.Count == 0) continue;
                double secs = Median(runs.Select(r => r.Seconds));
                string ratio1 = peers.Contains("imapcopy") ? $"{Rate("imapcopy") / (count / secs):0.00}×" : "";
                string ratio4 = peers.Contains("imapcopy -Y 4") ? $"{Rate("imapcopy -Y 4") / (count / secs):0.00}×" : "";
                string result = runs.All(r => r.Diffs == 0) ? "identical" : $"{runs.Count(r => r.Diffs > 0)} runs differ: {runs.First(r => r.Diffs > 0).FirstDiff}";
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {mode} | {peer} | {count / secs:0.0} | {bytes / 1e6 / secs:0.00} | {Median(runs.Select(r => r.PeakKb / 1024.0)):0} | {ratio1} | {ratio4} | {result} |");
            }
        }
        foreach (var ours in new[] { "imapcopy", "imapcopy -Y 4" })
        {
            var direct = results.Where(r => r.Mode == "direct" && r.Peer == ours).Select(r => r.Seconds).ToList();
            var slow = results.Where(r => r.Mode != "direct" && r.Peer == ours).Select(r => r.Seconds).ToList();
            if (direct.Count > 0 && slow.Count > 0)
                sb.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"`{ours}` at the delayed link keeps {Median(direct) / Median(slow):0.00}× of its direct throughput.");
        }
        return sb.ToString();
    }

    /// <summary>True when every folder holds the same number of messages with the same flags and dates (bytes aside).</summary>
    private static bool SameExceptBytes(MailboxSnapshot a, MailboxSnapshot b)
    {
        if (!a.FolderNames.SequenceEqual(b.FolderNames)) return false;
        foreach (var name in a.FolderNames)
        {
            // Key = sha256|size|flags|keywords|date: compare all but the first two fields.
            static IEnumerable<string> Keys(IReadOnlyList<MessageSnapshot> m) => m.Select(x => string.Join('|', x.Key.Split('|').Skip(2))).Order(StringComparer.Ordinal);
            if (!Keys(a.Folders[name]).SequenceEqual(Keys(b.Folders[name]))) return false;
        }
        return true;
    }

    private static string Last(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "";

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
