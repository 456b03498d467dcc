using System.Text.Json;
using ImapTools.TestBed;

namespace ImapTools.Tools.MigrateImap.Tests;

/// <summary>The batch scenario: 50+ users at -n 4, a failing user, --state re-runs, -U re-run copies 0.</summary>
[Collection(DovecotCollections.Pair)]
public class MigrationBatchTests(DovecotPairFixture servers) : MigrateTestBase(servers)
{
    [Fact]
    public async Task Fifty_users_at_n4_with_one_bad_password_then_state_rerun_retries_only_the_failed_one()
    {
        var accounts = await CreateAccountsAsync(50, "batch");
        var bad = (await CreateAccountsAsync(1, "badpw"))[0];
        string stateDir = Path.Combine(WorkDir, "state");
        var lines = accounts.Select(a => Line(a)).ToList();
        lines.Insert(17, Line(bad, sourcePassword: "wrong-password"));
        string users = UsersFile("users.txt", lines);
        int total = accounts.Sum(a => a.Messages);

        var first = await MigrateAsync("-i", users, "-n", "4", "--state", stateDir);
        AssertExit(first, 6);
        Assert.Contains($"Totals: 50 users ok, 1 failed, 0 skipped (done earlier), {total} messages", first.StdErr);
        Assert.Contains($"{bad.Source} login failed: ", first.StdErr);
        Assert.DoesNotContain("wrong-password", first.StdErr);
        Assert.Contains("Summary of migration", first.StdErr);
        Assert.Contains($"Migrated 50 users, {total} messages, ", first.StdErr);
        Assert.Contains("Migration completed", first.StdErr);
        Assert.Equal(51, first.StdErr.Split('\n').Count(l => l.StartsWith("Starting migration of ", StringComparison.Ordinal)));
        await AssertMigratedAsync(accounts);
        Assert.Equal(0, (await SnapshotAsync(Dst, bad.Destination)).MessageCount);

        // State records: one per user, owner-only, no password; the bad user is "failed" with a reason.
        var files = Directory.GetFiles(stateDir, "*.json");
        Assert.Equal(51, files.Length);
        foreach (var f in files)
        {
            string text = File.ReadAllText(f);
            Assert.DoesNotContain(DovecotServer.Password, text);
            Assert.DoesNotContain("wrong-password", text);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
        }
        var badRecord = files.Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .Single(e => e.GetProperty("sourceUser").GetString() == bad.Source);
        Assert.Equal("failed", badRecord.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(badRecord.GetProperty("reason").GetString()));

        // Simulate a run killed in the middle of one user: its record says "started". The re-run (password fixed)
        // skips the done users, retries the failed and the interrupted one in update mode: nothing is copied twice.
        var interrupted = accounts[3];
        string interruptedFile = files.Single(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("sourceUser").GetString() == interrupted.Source);
        File.WriteAllText(interruptedFile, File.ReadAllText(interruptedFile).Replace("\"done\"", "\"started\"", StringComparison.Ordinal));
        lines[17] = Line(bad);
        string fixedUsers = UsersFile("users-fixed.txt", lines);
        var second = await MigrateAsync("-i", fixedUsers, "-n", "4", "--state", stateDir);
        AssertExit(second, 0);
        Assert.Contains($"Totals: 2 users ok, 0 failed, 49 skipped (done earlier), {bad.Messages} messages", second.StdErr);
        Assert.Contains($"Retrying {bad.Source} in update mode", second.StdErr);
        Assert.Contains($"Retrying {interrupted.Source} in update mode", second.StdErr);
        Assert.Equal(2, second.StdErr.Split('\n').Count(l => l.StartsWith("Starting migration of ", StringComparison.Ordinal)));
        await AssertMigratedAsync([bad, interrupted]);

        // A plain -U re-run of everything copies nothing.
        var update = await MigrateAsync("-i", fixedUsers, "-n", "4", "-U");
        AssertExit(update, 0);
        Assert.Contains("Running in update mode", update.StdErr);
        Assert.Contains("Totals: 51 users ok, 0 failed, 0 skipped (done earlier), 0 messages", update.StdErr);
        await AssertMigratedAsync([accounts[0], accounts[49], bad]);
    }

    [Fact]
    public async Task Shards_partition_the_users_file_exactly()
    {
        var accounts = await CreateAccountsAsync(12, "shard");
        string users = UsersFile("users.txt", accounts.Select(a => Line(a)));
        var started = new List<string>();
        for (int i = 1; i <= 3; i++)
        {
            var r = await MigrateAsync("-i", users, "-n", "3", "--shard", $"{i}/3");
            AssertExit(r, 0);
            Assert.Contains($"Shard {i}/3: ", r.StdErr);
            started.AddRange(r.StdErr.Split('\n').Where(l => l.StartsWith("Starting migration of ", StringComparison.Ordinal))
                .Select(l => l["Starting migration of ".Length..]));
        }
        Assert.Equal(accounts.Select(a => a.Source).Order(StringComparer.Ordinal), started.Order(StringComparer.Ordinal));
        await AssertMigratedAsync(accounts);
    }
}
