using ImapTools.TestBed;

namespace ImapTools.Tools.MigrateImap.Tests;

/// <summary>Users-file forms (\: escapes, blank passwords with -e/-f administrators), the legacy lines and the log file.</summary>
[Collection(DovecotCollections.Pair)]
public class UsersFileAndLoginTests(DovecotPairFixture servers) : MigrateTestBase(servers)
{
    [Fact]
    public async Task Escaped_colon_in_a_password_logs_in()
    {
        string dst = TestUsers.Unique("colond");
        using (var client = await Src.ConnectAsync(DovecotServer.ColonUser))
        {
            await CorpusBuilder.LoadAsync(client, CorpusSpec.Small);
            await client.DisconnectAsync(true);
        }
        string escaped = DovecotServer.ColonPassword.Replace(":", "\\:", StringComparison.Ordinal);
        string users = UsersFile("users.txt", [$"{DovecotServer.ColonUser}:{escaped}:{dst}:{DovecotServer.Password}"]);
        var r = await MigrateAsync("-i", users, "-n", "1");
        AssertExit(r, 0);
        Assert.DoesNotContain(DovecotServer.ColonPassword, r.StdErr);
        var source = await SnapshotAsync(Src, DovecotServer.ColonUser);
        Assert.True(source.MessageCount > 0);
        Assert.Empty(source.Diff(await SnapshotAsync(Dst, dst)));

        // Unescaped, the colon splits the password: the login fails and the run says so.
        string plain = UsersFile("plain.txt", [$"{DovecotServer.ColonUser}:{DovecotServer.ColonPassword}:{TestUsers.Unique("colonx")}:{DovecotServer.Password}"]);
        var broken = await MigrateAsync("-i", plain, "-n", "1");
        AssertExit(broken, 6);
        Assert.Contains($"{DovecotServer.ColonUser} login failed", broken.StdErr);
    }

    [Fact]
    public async Task Blank_passwords_use_the_admin_flags_and_without_them_the_user_fails()
    {
        var accounts = await CreateAccountsAsync(2, "admin");
        string admin = $"{DovecotServer.MasterUser}:{DovecotServer.MasterPassword}";
        string users = UsersFile("users.txt", [$"{accounts[0].Source}::{accounts[0].Destination}:", $"  {accounts[1].Source} : {DovecotServer.Password} : {accounts[1].Destination} :"]);
        var r = await MigrateAsync("-i", users, "-e", admin, "-f", admin, "-n", "2");
        AssertExit(r, 0);
        Assert.Contains("Doing AUTH PLAIN to the dest", r.StdErr);
        Assert.DoesNotContain(DovecotServer.MasterPassword, r.StdErr);
        await AssertMigratedAsync(accounts);

        var none = await CreateAccountsAsync(1, "nopw");
        string noAdmin = UsersFile("noadmin.txt", [$"{none[0].Source}::{none[0].Destination}:{DovecotServer.Password}"]);
        var failed = await MigrateAsync("-i", noAdmin);
        AssertExit(failed, 6);
        Assert.Contains($"Password not found for {none[0].Source}, messages will not be migrated", failed.StdErr);
        Assert.Contains("Totals: 0 users ok, 1 failed", failed.StdErr);
    }

    [Fact]
    public async Task Legacy_lines_log_file_format_and_rotation()
    {
        var accounts = await CreateAccountsAsync(1, "lines");
        var a = accounts[0];
        string users = UsersFile("users.txt", [Line(a)]);
        var r = await MigrateAsync("-i", users, "-n", "1");
        AssertExit(r, 0);
        Assert.Equal("", r.StdOut);
        var err = r.StdErr.Split('\n');
        Assert.Equal("migrateIMAP starting", err[0]);
        Assert.Contains($"Starting migration of {a.Source}", err);
        Assert.Contains($"Connected to {Src.Host} on port {Src.ImapPort}", err);
        Assert.Contains("ORDINARY login", err);
        Assert.Contains(err, l => l == $"{a.Source}: There are {a.Messages} messages in the INBOX folder to be migrated");
        // "    Copied " + name padded to (longest name + 2) + 13 spaces + "(k messages)" padded to 18.
        Assert.Contains(err, l => l.StartsWith("    Copied INBOX  ", StringComparison.Ordinal) && l.EndsWith($"({a.Messages} messages)".PadRight(18), StringComparison.Ordinal));
        Assert.Contains(err, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^    Copied {a.Messages} messages \d+\.\d\d KB$"));
        Assert.Contains($"   {a.Source} is done", err);
        Assert.Contains(err, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^Migrated 1 users, {a.Messages} messages, \d+\.\d\d KB\.$"));
        Assert.Contains("Elapsed time  0.00 hours", err);

        string log = File.ReadAllText(LogFile);
        Assert.Matches(@"^\d\d-\d\d-\d{4}\.\d\d:\d\d:\d\d \d+: migrateIMAP starting\n", log);
        Assert.Contains("Migration completed", log);

        var again = await MigrateAsync("-i", users, "-n", "1", "-U");
        AssertExit(again, 0);
        string stamp = log[..16];
        Assert.Contains($"Renamed old logfile to {LogFile}.{stamp}", again.StdErr);
        Assert.Equal(log, File.ReadAllText($"{LogFile}.{stamp}"));
        Assert.Contains("Totals: 1 users ok, 0 failed, 0 skipped (done earlier), 0 messages", again.StdErr);
    }
}
