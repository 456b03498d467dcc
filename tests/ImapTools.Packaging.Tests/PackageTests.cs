using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using ImapTools.TestBed;

namespace ImapTools.Packaging.Tests;

/// <summary>
/// The packaged imapcopy (linux-x64, NativeAOT) installs by unpacking one archive and runs with no .NET on the
/// machine's PATH, under its legacy name, through both <c>./imapcopy.pl</c> and <c>perl imapcopy.pl</c>.
/// </summary>
[Collection(DovecotCollections.Pair)]
[SupportedOSPlatform("linux")]
public sealed class PackageTests(DovecotPairFixture servers, PackagedTool pkg) : IClassFixture<PackagedTool>
{
    private static readonly Dictionary<string, string> Insecure = new() { ["IMAPTOOLS_INSECURE"] = "1" };

    [Fact]
    public void Archive_holds_the_native_executable_the_shim_readme_license_nlog_config_and_samples()
    {
        string exe = Path.Combine(pkg.Dir, "imapcopy");
        var head = new byte[4];
        using (var f = File.OpenRead(exe)) f.ReadExactly(head);
        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, head);
        Assert.Empty(Directory.GetFiles(pkg.Dir, "*.dll", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(pkg.Dir, "*.runtimeconfig.json"));
        Assert.True(File.GetUnixFileMode(exe).HasFlag(UnixFileMode.UserExecute));
        Assert.True(File.GetUnixFileMode(Path.Combine(pkg.Dir, "imapcopy.pl")).HasFlag(UnixFileMode.OtherExecute));

        string readme = File.ReadAllText(Path.Combine(pkg.Dir, "README.md"));
        Assert.Contains("usage: imapcopy -S sourceHost/sourceUser/sourcePassword", readme);
        Assert.Contains("--insecure", readme);
        Assert.Contains("## Exit codes", readme);
        Assert.Contains("perl imapcopy.pl", readme);
        Assert.Equal(File.ReadAllText(Path.Combine(pkg.Root, "LICENSE")), File.ReadAllText(Path.Combine(pkg.Dir, "LICENSE")));
        Assert.Equal(File.ReadAllText(Path.Combine(pkg.Root, "packaging", "NLog.config")), File.ReadAllText(Path.Combine(pkg.Dir, "NLog.config")));
        Assert.True(File.Exists(Path.Combine(pkg.Dir, "samples", "mailbox-map.txt")));
        Assert.True(File.Exists(Path.Combine(pkg.Dir, "samples", "imapcopy.cf")));
        Assert.True(File.Exists(Path.Combine(pkg.Dir, "samples", "legacy-invocations.sh")));
        Assert.False(File.Exists(Path.Combine(pkg.Dir, "samples", "imapfilter.rules")));   // another tool's sample

        string sums = File.ReadAllText(pkg.Archive + ".sha256");
        Assert.Equal($"{pkg.ArchiveHash()}  {Path.GetFileName(pkg.Archive)}\n", sums);
    }

    [Fact]
    public async Task Shim_prints_usage_and_version_with_no_dotnet_anywhere()
    {
        var noDotnet = await pkg.ShellAsync("command -v dotnet", []);
        Assert.NotEqual(0, noDotnet.ExitCode);

        var help = await pkg.ShellAsync("./imapcopy.pl \"$@\"", ["-h"]);
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.StartsWith("usage: imapcopy -S sourceHost/sourceUser/sourcePassword", help.StdOut);
        Assert.Equal("", help.StdErr);

        var version = await pkg.ShellAsync("perl imapcopy.pl \"$@\"", ["--version"]);
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal($"imapcopy {pkg.Version}\n", version.StdOut);

        // A symbolic link to the shim on PATH (e.g. /usr/local/bin/imapcopy.pl) still finds the executable.
        string link = Path.Combine(pkg.BinDir, "imapcopy.pl");
        if (!File.Exists(link))
            File.CreateSymbolicLink(link, Path.Combine(pkg.Dir, "imapcopy.pl"));
        var viaLink = await pkg.ShellAsync("cd / && imapcopy.pl \"$@\"", ["--version"]);
        Assert.True(viaLink.ExitCode == 0, viaLink.ToString());
        Assert.Equal($"imapcopy {pkg.Version}\n", viaLink.StdOut);

        // A usage error's exit code comes through the shim unchanged.
        var bad = await pkg.ShellAsync("./imapcopy.pl \"$@\"", ["-S"]);
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task Perl_shim_copies_an_account_and_the_edited_nlog_config_adds_its_log()
    {
        var src = servers.Source;
        var dst = servers.Destination;
        string s = TestUsers.Unique("pkgsrc");
        string d = TestUsers.Unique("pkgdst");
        using (var client = await src.ConnectAsync(s))
        {
            await CorpusBuilder.LoadAsync(client, CorpusSpec.Small);
            await client.DisconnectAsync(true);
        }

        // The user's edit of the shipped NLog.config: enable its one rule, and log to a directory of this test.
        string logs = Path.Combine(pkg.Dir, "logs");
        string config = Path.Combine(pkg.Dir, "NLog.config");
        string original = File.ReadAllText(config);
        File.WriteAllText(config, original.Replace("enabled=\"false\"", "enabled=\"true\"", StringComparison.Ordinal));
        try
        {
            var r = await pkg.ShellAsync("perl imapcopy.pl \"$@\"", ["-S", src.Conn(s), "-D", dst.Conn(d)], Insecure);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("Copied 6 total messages", r.StdOut);

            MailboxSnapshot source, dest;
            using (var c = await src.ConnectAsync(s)) { source = await CorpusBuilder.SnapshotAsync(c); await c.DisconnectAsync(true); }
            using (var c = await dst.ConnectAsync(d)) { dest = await CorpusBuilder.SnapshotAsync(c); await c.DisconnectAsync(true); }
            Assert.Equal(6, dest.MessageCount);
            Assert.Empty(source.Diff(dest));

            string log = File.ReadAllText(Path.Combine(logs, "imapcopy.log"));
            Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{4} \d+ INFO .*Copied 6 total messages", RegexOptions.Multiline), log);
            Assert.DoesNotContain("/secret", log);
        }
        finally
        {
            File.WriteAllText(config, original);
        }
    }

    [Fact]
    public async Task Dot_slash_shim_runs_a_real_copy_and_passes_a_connect_failure_through()
    {
        var src = servers.Source;
        var dst = servers.Destination;
        string s = TestUsers.Unique("pkgsrc");
        string d = TestUsers.Unique("pkgdst");
        using (var client = await src.ConnectAsync(s))
        {
            await CorpusBuilder.LoadAsync(client, CorpusSpec.Small);
            await client.DisconnectAsync(true);
        }
        var r = await pkg.ShellAsync("./imapcopy.pl \"$@\"", ["-S", src.Conn(s), "-D", dst.Conn(d), "-m", "Sent"], Insecure);
        Assert.True(r.ExitCode == 0, r.ToString());
        MailboxSnapshot dest;
        using (var c = await dst.ConnectAsync(d)) { dest = await CorpusBuilder.SnapshotAsync(c); await c.DisconnectAsync(true); }
        Assert.Equal(["Sent"], dest.FolderNames.Where(f => !f.Equals("INBOX", StringComparison.OrdinalIgnoreCase)).ToArray());

        var refused = await pkg.ShellAsync("./imapcopy.pl \"$@\"", ["-S", "127.0.0.1:1/a/b", "-D", dst.Conn(d)], Insecure);
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("127.0.0.1:1", refused.StdErr + refused.StdOut);
    }
}
