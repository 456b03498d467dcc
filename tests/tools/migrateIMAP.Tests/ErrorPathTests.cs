using ImapTools.TestBed;

namespace ImapTools.Tools.MigrateImap.Tests;

/// <summary>Bad input gives one line naming the problem and a documented exit code; nothing is migrated.</summary>
[Collection(DovecotCollections.Pair)]
public class ErrorPathTests(DovecotPairFixture servers) : MigrateTestBase(servers)
{
    private static void AssertOneLine(ToolResult r, int code, string text)
    {
        AssertExit(r, code);
        var lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.ToString());
        Assert.Contains(text, lines[0]);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public async Task Missing_users_file()
    {
        string missing = Path.Combine(WorkDir, "nope.txt");
        AssertOneLine(await MigrateAsync("-i", missing), 5, $"Fatal error reading {missing}: No such file or directory");
    }

    [Fact]
    public async Task Malformed_line_names_its_number()
    {
        string users = UsersFile("bad.txt", ["a:secret:b:secret", "just-a-name"]);
        AssertOneLine(await MigrateAsync("-i", users), 5, $"Error at line 3 in {users}: not in srcuser:srcpwd:dstuser:dstpwd format");
        Assert.False(File.Exists(LogFile) && File.ReadAllText(LogFile).Contains("Starting migration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Usage_errors()
    {
        string users = UsersFile("u.txt", ["a:secret:b:secret"]);
        AssertOneLine(await Migrate("-i", users), 2, "-S sourceHost and -D destinationHost are required");
        AssertOneLine(await MigrateAsync(), 2, "-i <users file> is required");
        AssertOneLine(await MigrateAsync("-i", users, "--shard", "0/3"), 2, "--shard 0/3: expected I/N");
        AssertOneLine(await MigrateAsync("-i", users, "-A", "kerio"), 2, "Kerio master authentication (-A) is not supported");
        AssertOneLine(await MigrateAsync("-i", users, "-a", "31-Feb-2020"), 2, "date 31-Feb-2020 must be in DD-MMM-YYYY format");
        AssertOneLine(await MigrateAsync("-i", users, "-r", "x:y"), 2, "-r x:y: expected a message range");
        AssertOneLine(await MigrateAsync("-i", users, "-e", "nocolon"), 2, "admin:password");

        var unknown = await MigrateAsync("-i", users, "-K");
        AssertExit(unknown, 2);
        Assert.Contains("Unknown option: K", unknown.StdErr);
        Assert.StartsWith("Usage:  migrateIMAP -S sourceHost -D destinationHost", unknown.StdOut);

        var help = await Migrate("-h");
        AssertExit(help, 0);
        Assert.StartsWith("Usage:  migrateIMAP -S sourceHost -D destinationHost", help.StdOut);
        Assert.Contains("--shard I/N", help.StdOut);
    }

    [Fact]
    public async Task Unreachable_server_fails_every_user_but_finishes_the_batch()
    {
        string users = UsersFile("u.txt", ["a:secret:b:secret", "c:secret:d:secret"]);
        int closedPort = System.Net.Sockets.TcpListener.Create(0) is var l ? Port(l) : 0;
        var r = await ToolRunner.RunAsync("migrateIMAP", ["-S", $"127.0.0.1:{closedPort}", "-D", $"{Dst.Host}:{Dst.ImapPort}", "-i", users, "-L", LogFile, "-n", "2"],
            workingDirectory: WorkDir);
        AssertExit(r, 6);
        Assert.Contains("Error migrating a: Error connecting to 127.0.0.1", r.StdErr);
        Assert.Contains("Error migrating c: Error connecting to 127.0.0.1", r.StdErr);
        Assert.Contains("Totals: 0 users ok, 2 failed", r.StdErr);

        static int Port(System.Net.Sockets.TcpListener listener)
        {
            listener.Start();
            int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
