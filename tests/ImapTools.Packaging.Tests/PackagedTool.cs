using System.Diagnostics;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace ImapTools.Packaging.Tests;

/// <summary>
/// The linux-x64 archive of imapcopy from dist/ (as `./build.sh package` or `./build.sh test` leaves it), unpacked
/// with tar into an empty directory. When dist/ has no archive, or one older than the imapcopy or ImapTools.Common
/// build output, it is made first with the packager (imapcopy, linux-x64 only).
/// </summary>
public sealed class PackagedTool : IAsyncLifetime
{
    public const string Tool = "imapcopy";
    public const string Rid = "linux-x64";

    public string Root { get; } = FindRoot();
    public string Version { get; private set; } = "";
    public string Archive { get; private set; } = "";
    /// <summary>The unpacked archive's top directory (imapcopy-VERSION-linux-x64/).</summary>
    public string Dir { get; private set; } = "";
    /// <summary>A directory holding only a link to perl: the PATH of every run, so no dotnet can be found.</summary>
    public string BinDir { get; private set; } = "";
    private string _temp = "";

    public async Task InitializeAsync()
    {
        Version = XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("Version").Single().Value.Trim();
        Archive = Path.Combine(Root, "dist", $"{Tool}-{Version}-{Rid}.tar.gz");
        if (IsMissingOrStale())
            await PackageAsync();

        _temp = Directory.CreateTempSubdirectory("imaptools-pkg-").FullName;
        var unpack = Path.Combine(_temp, "install");
        Directory.CreateDirectory(unpack);
        var tar = await RunAsync("tar", ["-xzf", Archive, "-C", unpack], Environment.CurrentDirectory, inheritEnvironment: true, TimeSpan.FromMinutes(2));
        Assert.True(tar.ExitCode == 0, "tar failed: " + tar);
        Dir = Path.Combine(unpack, $"{Tool}-{Version}-{Rid}");

        BinDir = Path.Combine(_temp, "bin");
        Directory.CreateDirectory(BinDir);
        File.CreateSymbolicLink(Path.Combine(BinDir, "perl"), "/usr/bin/perl");
    }

    public Task DisposeAsync()
    {
        if (_temp.Length > 0 && Directory.Exists(_temp))
            Directory.Delete(_temp, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The SHA-256 of the archive, as lower-case hex.</summary>
    public string ArchiveHash() => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Archive)));

    /// <summary>
    /// Runs a shell command line (e.g. <c>./imapcopy.pl "$@"</c>) with <c>/bin/sh</c> in the unpacked directory, the
    /// way a user's script would, with an environment holding only PATH (the perl-only bin directory), HOME, LANG
    /// and <paramref name="extra"/>: no dotnet on PATH, no DOTNET_ROOT, no other DOTNET_* variables.
    /// </summary>
    public Task<Result> ShellAsync(string commandLine, IEnumerable<string> args, IDictionary<string, string>? extra = null) =>
        RunAsync("/bin/sh", new[] { "-c", commandLine, "sh" }.Concat(args), Dir, inheritEnvironment: false, TimeSpan.FromMinutes(3), env =>
        {
            env["PATH"] = BinDir;
            env["HOME"] = Dir;
            env["LANG"] = "C.UTF-8";
            if (extra is not null)
                foreach (var (k, v) in extra) env[k] = v;
        });

    private bool IsMissingOrStale()
    {
        if (!File.Exists(Archive))
            return true;
        var built = new[]
        {
            Path.Combine(Root, "tools", Tool, "bin", "Release", "net10.0", Tool + ".dll"),
            Path.Combine(Root, "src", "ImapTools.Common", "bin", "Release", "net10.0", "ImapTools.Common.dll"),
        }.Where(File.Exists).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
        return File.GetLastWriteTimeUtc(Archive) < built;
    }

    private async Task PackageAsync()
    {
        var r = await RunAsync("dotnet", ["run", "--file", Path.Combine(Root, "packaging", "Package.cs"), "--", "--tools", Tool, "--rids", Rid],
            Root, inheritEnvironment: true, TimeSpan.FromMinutes(25));
        Assert.True(r.ExitCode == 0 && File.Exists(Archive), "packaging imapcopy for linux-x64 failed: " + r);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ImapTools.sln")))
                return dir.FullName;
        throw new InvalidOperationException("ImapTools.sln not found above " + AppContext.BaseDirectory);
    }

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
    }

    private static async Task<Result> RunAsync(string file, IEnumerable<string> args, string cwd, bool inheritEnvironment, TimeSpan timeout,
        Action<IDictionary<string, string?>>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (!inheritEnvironment)
            psi.Environment.Clear();
        environment?.Invoke(psi.Environment);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        return new Result(p.ExitCode, await stdout, await stderr);
    }
}
