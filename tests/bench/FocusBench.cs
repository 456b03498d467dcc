using System.Globalization;
using ImapTools.TestBed;

namespace ImapTools.Bench;

/// <summary>
/// Focused measurements of single issue-8 targets, quicker than the full table:
/// <c>--mode memory</c> (peak RSS of imapcopy copying large messages) and <c>--mode update</c> (seconds of a
/// no-change <c>-U</c> re-run over many small messages, and how many IMAP commands it sends).
/// </summary>
public static class FocusBench
{
    /// <summary>Copies <paramref name="messages"/> messages of about <paramref name="megabytes"/> MB each, <paramref name="runs"/> times; prints seconds and peak RSS.</summary>
    public static async Task<int> MemoryAsync(string root, string imapcopy, int messages, int megabytes, int runs, string[] extra, string? compare = null)
    {
        var (dir, a, b) = await StartAsync(root, "memory");
        await using var _a = a;
        await using var _b = b;
        int count; long bytes;
        using (var c = await a.ConnectAsync("alice"))
            (count, bytes) = await BenchCorpus.LoadSizesAsync(c, Enumerable.Repeat(megabytes * 1_000_000, messages).ToList(), new Random(5));
        Console.WriteLine($"corpus: {count} messages, {bytes / 1e6:0.0} MB");
        MailboxSnapshot source;
        using (var c = await a.ConnectAsync("alice")) source = await CorpusBuilder.SnapshotAsync(c);
        int failures = 0;
        for (int n = 1; n <= runs * (compare is null ? 1 : 2); n++)
        {
            int r = compare is null ? n : (n + 1) / 2;
            string binary = compare is not null && n % 2 == 1 ? compare : imapcopy;
            string label = compare is null ? "" : binary == compare ? " (compare)" : " (ours)";
            string user = $"mem{n}";
            var (secs, peak, output, rc) = await Program.TimeAsync([binary, "-S", $"127.0.0.1:{a.ImapPort}/alice/secret", "-D", $"127.0.0.1:{b.ImapPort}/{user}/secret", "-q", "--insecure", .. extra]);
            MailboxSnapshot copy;
            using (var c = await b.ConnectAsync(user)) copy = await CorpusBuilder.SnapshotAsync(c);
            var diffs = source.Diff(copy);
            if (rc != 0 || diffs.Count > 0) failures++;
            string status = rc != 0 ? $"exit {rc}: {output.Trim()}" : diffs.Count == 0 ? "identical" : $"{diffs.Count} differences: {diffs[0]}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory run {r}{label}: {secs:0.00} s  {count / secs:0.0} msgs/s  peak RSS {peak / 1024.0:0} MB  load {Load()}  {status}"));
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Copies <paramref name="messages"/> small messages once, then times <paramref name="runs"/> no-change <c>-U</c> re-runs.</summary>
    public static async Task<int> UpdateAsync(string root, string imapcopy, int messages, int runs, string[] extra, string? compare = null)
    {
        var (dir, a, b) = await StartAsync(root, "update");
        await using var _a = a;
        await using var _b = b;
        var random = new Random(10_000);
        int count; long bytes;
        using (var c = await a.ConnectAsync("alice"))
            (count, bytes) = await BenchCorpus.LoadSizesAsync(c, Enumerable.Range(0, messages).Select(_ => random.Next(2_000, 20_000)).ToList(), random);
        Console.WriteLine($"corpus: {count} messages, {bytes / 1e6:0.0} MB in {BenchCorpus.Folders.Length} folders");
        string[] command = [imapcopy, "-S", $"127.0.0.1:{a.ImapPort}/alice/secret", "-D", $"127.0.0.1:{b.ImapPort}/dst/secret", "-q", "--insecure", .. extra];
        var (first, firstPeak, firstOut, firstRc) = await Program.TimeAsync(command);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first copy: {first:0.00} s  {count / first:0.0} msgs/s  peak RSS {firstPeak / 1024.0:0} MB  load {Load()}  exit {firstRc} {(firstRc != 0 ? firstOut.Trim() : "")}"));
        if (firstRc != 0) return 1;
        var seconds = new List<double>();
        for (int r = 1; r <= runs; r++)
        {
            string trace = Path.Combine(dir, $"update-{r}.trace");
            File.Delete(trace);
            var (secs, peak, output, rc) = await Program.TimeAsync([.. command, "-U", "-I", "-L", trace]);
            int commands = File.Exists(trace) ? CountCommands(trace) : -1;
            seconds.Add(secs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"-U re-run {r}: {secs:0.00} s  peak RSS {peak / 1024.0:0} MB  {commands} client commands  load {Load()}  exit {rc} {(rc != 0 ? output.Trim() : "")}"));
        }
        // The trace itself costs time: time more runs without it, with imapcopy's CPU seconds (user + system), which
        // the other load on a shared machine changes less than the wall clock.
        for (int r = 1; r <= runs; r++)
        {
            var (plain, cpu, plainRc) = await CpuTimeAsync([.. command, "-U"]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-U re-run without trace: {plain:0.00} s  imapcopy CPU {cpu:0.00} s  load {Load()}  exit {plainRc}"));
        }
        // Another build (--compare), on the same servers and data, interleaved with ours so both see the same load.
        if (compare is not null)
        {
            for (int r = 1; r <= runs; r++)
            {
                foreach (var (label, binary) in new[] { ("compare", compare), ("ours", imapcopy) })
                {
                    var (secs, cpu, rc) = await CpuTimeAsync([binary, .. command[1..], "-U"]);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-U re-run ({label}): {secs:0.00} s  imapcopy CPU {cpu:0.00} s  load {Load()}  exit {rc}"));
                }
            }
        }
        // The fixed part: the same run from an empty account (process start, JIT, logins, LIST).
        var (empty, emptyCpu, emptyRc) = await CpuTimeAsync([imapcopy, "-S", $"127.0.0.1:{a.ImapPort}/empty/secret", "-D", $"127.0.0.1:{b.ImapPort}/dst/secret", "-q", "--insecure", "-U", .. extra]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-U from an empty account (fixed cost): {empty:0.00} s  imapcopy CPU {emptyCpu:0.00} s  load {Load()}  exit {emptyRc}"));
        return 0;
    }

    /// <summary>
    /// Where the CPU of one direct copy goes: imapcopy's own user + system seconds against the seconds the two Dovecot
    /// instances' imap processes used (read from their master's reaped-children times), on the bench's corpus mix.
    /// </summary>
    public static async Task<int> CpuAsync(string root, string imapcopy, int messages, int megabytes, int runs, string[] extra)
    {
        var (_, a, b) = await StartAsync(root, "cpu");
        await using var _a = a;
        await using var _b = b;
        int count; long bytes;
        using (var c = await a.ConnectAsync("alice")) (count, bytes) = await BenchCorpus.LoadAsync(c, messages, megabytes * 1_000_000L);
        Console.WriteLine($"corpus: {count} messages, {bytes / 1e6:0.0} MB");
        for (int r = 1; r <= runs; r++)
        {
            double a0 = DovecotCpu(a), b0 = DovecotCpu(b);
            var (secs, cpu, rc) = await CpuTimeAsync([imapcopy, "-S", $"127.0.0.1:{a.ImapPort}/alice/secret", "-D", $"127.0.0.1:{b.ImapPort}/cpu{r}/secret", "-q", "--insecure", .. extra]);
            await Task.Delay(500); // let the masters reap their imap processes
            double da = DovecotCpu(a) - a0, db = DovecotCpu(b) - b0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cpu run {r}: {secs:0.00} s  {count / secs:0.0} msgs/s  CPU seconds: imapcopy {cpu:0.00}, source dovecot {da:0.00}, destination dovecot {db:0.00}  load {Load()}  exit {rc}"));
        }
        // BENCH_TRACE=<dotnet-trace>: one more run under the sampling profiler, written as speedscope JSON.
        if (Environment.GetEnvironmentVariable("BENCH_TRACE") is { Length: > 0 } tracer)
        {
            string output = Path.Combine(root, ".bench", "cpu", "imapcopy.nettrace");
            var (secs, _, rc) = await CpuTimeAsync([tracer, "collect", "--format", "Speedscope", "-o", output, "--",
                imapcopy, "-S", $"127.0.0.1:{a.ImapPort}/alice/secret", "-D", $"127.0.0.1:{b.ImapPort}/traced/secret", "-q", "--insecure", .. extra]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"traced run: {secs:0.00} s  exit {rc}  ({output})"));
        }
        return 0;
    }

    /// <summary>User + system seconds of a Dovecot master and the children it reaped (its imap and login processes).</summary>
    private static double DovecotCpu(DovecotServer server)
    {
        string pidFile = Path.Combine(server.BaseDir, "run", "master.pid");
        if (!File.Exists(pidFile)) return double.NaN;
        string stat = File.ReadAllText($"/proc/{File.ReadAllText(pidFile).Trim()}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After the command name: state is field 3, so utime..cstime (fields 14-17) are at 11..14 here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
              + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Runs a command under /usr/bin/time; returns wall seconds, CPU seconds (user + system) and the exit code.</summary>
    private static async Task<(double Seconds, double Cpu, int ExitCode)> CpuTimeAsync(string[] command)
    {
        string timeFile = Path.GetTempFileName();
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-o", timeFile, "-f", "%e %U %S", .. command]) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        await stdout;
        await stderr;
        var parts = (await File.ReadAllTextAsync(timeFile)).Trim().Split('\n')[^1].Split(' ');
        File.Delete(timeFile);
        double Num(int i) => parts.Length > i && double.TryParse(parts[i], CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
        return (Num(0), Num(1) + Num(2), p.ExitCode);
    }

    /// <summary>Counts the tagged client commands (lines "&gt;&gt; A00000001 ...") of a protocol trace.</summary>
    private static int CountCommands(string trace) =>
        File.ReadLines(trace).Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @">> [A-Z]\d+ "));

    private static async Task<(string Dir, DovecotServer A, DovecotServer B)> StartAsync(string root, string name)
    {
        string dir = Path.Combine(root, ".bench", name);
        foreach (var old in new[] { "a", "b" })
        {
            await DovecotServer.StopAsync(Path.Combine(dir, old));
            if (Directory.Exists(Path.Combine(dir, old))) Directory.Delete(Path.Combine(dir, old), recursive: true);
        }
        Directory.CreateDirectory(dir);
        var a = await DovecotServer.StartAsync(DovecotVariant.Slash, Path.Combine(dir, "a"));
        var b = await DovecotServer.StartAsync(DovecotVariant.Slash, Path.Combine(dir, "b"));
        return (dir, a, b);
    }

    /// <summary>The 1-minute load average (the machine is shared).</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
