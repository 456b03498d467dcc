using System.Diagnostics;
using System.Text.Json;
using ImapTools.TestBed;

namespace ImapTools.Tools.MigrateImap.Tests;

/// <summary>A run killed (SIGKILL) in the middle and restarted with the same --state finishes the rest, redoing no finished user.</summary>
[Collection(DovecotCollections.Pair)]
public sealed class KillAndResumeTests(DovecotPairFixture fx) : MigrateTestBase(fx)
{
    [Fact]
    public async Task A_killed_run_restarted_with_state_finishes_without_redoing_finished_users()
    {
        var accounts = await CreateAccountsAsync(16, "kill");
        string users = UsersFile("users.txt", accounts.Select(a => Line(a)));
        string stateDir = Path.Combine(WorkDir, "state");

        // Start one user at a time and kill the process as soon as a few users are recorded as done.
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = WorkDir };
        string[] argv = [Path.Combine(AppContext.BaseDirectory, "migrateIMAP.dll"), .. Hosts, "-i", users, "-n", "1", "--state", stateDir, "-L", LogFile];
        foreach (var a in argv) psi.ArgumentList.Add(a);
        psi.Environment["IMAPTOOLS_INSECURE"] = "1";
        using (var run = Process.Start(psi)!)
        {
            run.OutputDataReceived += (_, _) => { };
            run.ErrorDataReceived += (_, _) => { };
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (Done(stateDir).Count < 3 && !run.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(20);
            Assert.False(run.HasExited, "the run finished before it could be killed");
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync();
        }
        var doneBefore = Done(stateDir);
        Assert.InRange(doneBefore.Count, 3, accounts.Count - 1);
        var recordsBefore = doneBefore.ToDictionary(d => d.Path, d => File.ReadAllText(d.Path));

        var resumed = await MigrateAsync("-i", users, "-n", "4", "--state", stateDir);
        AssertExit(resumed, 0);
        foreach (var (path, user) in doneBefore)
        {
            Assert.Contains($"Skipping {user}: already migrated", resumed.StdErr + resumed.StdOut);
            Assert.Equal(recordsBefore[path], File.ReadAllText(path));
        }
        Assert.Contains($"{doneBefore.Count} skipped (done earlier)", resumed.StdErr + resumed.StdOut);
        // Every account is identical to its source: nothing lost, and no message copied twice (the Diff counts copies).
        await AssertMigratedAsync(accounts);
        Assert.Equal(accounts.Count, Done(stateDir).Count);
    }

    private static List<(string Path, string User)> Done(string stateDir)
    {
        var done = new List<(string, string)>();
        if (!Directory.Exists(stateDir)) return done;
        foreach (var f in Directory.GetFiles(stateDir, "*.json"))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(f));
                if (doc.RootElement.GetProperty("status").GetString() == "done")
                    done.Add((f, doc.RootElement.GetProperty("sourceUser").GetString()!));
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                // A record being replaced right now; it is read again on the next poll.
            }
        }
        return done;
    }
}
