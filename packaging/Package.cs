// ImapTools packager: builds one archive per tool and platform under dist/ (run by `./build.sh package` and
// `build.ps1 package` as `dotnet run --file packaging/Package.cs -- [options]`).
//
//   --tools a,b        only these tools (default: every tools/*/ project, discovered on disk)
//   --rids r1,r2       only these platforms (default: linux-x64,win-x64,osx-arm64)
//   --out DIR          where archives and checksums go (default: dist)
//
// linux-x64 is a NativeAOT executable when built on a linux-x64 machine (NativeAOT cannot cross-compile between
// operating systems); every other platform, and linux-x64 built elsewhere, is a self-contained, trimmed single file.
// Each archive holds: the executable, the legacy-name shim (<tool>.pl; plus <tool>.pl.cmd on Windows), README.md
// (generated from the tool's --help text, its README.md section and tools/<tool>/README.md), LICENSE, NLog.config
// and the samples listed for the tool in samples/index.txt. A platform whose runtime packs cannot be restored is
// reported and skipped; the exit code is 1 if any archive is missing, 0 otherwise.
#:property TreatWarningsAsErrors=true
#:property PublishAot=false

using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

return Packager.Run(args);

/// <summary>The packager (see the header comment).</summary>
internal static class Packager
{
    private static readonly string[] DefaultRids = ["linux-x64", "win-x64", "osx-arm64"];

    public static int Run(string[] args)
    {
        string root = FindRoot();
        var tools = Discover(root);
        var rids = DefaultRids.ToList();
        string outDir = Path.Combine(root, "dist");
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw Fail($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--tools":
                    var wanted = Split(value);
                    var unknown = wanted.Where(w => !tools.Any(t => t.Name == w)).ToList();
                    if (unknown.Count > 0)
                        throw Fail($"unknown tool(s): {string.Join(", ", unknown)} (known: {string.Join(", ", tools.Select(t => t.Name))})");
                    tools = tools.Where(t => wanted.Contains(t.Name)).ToList();
                    i++;
                    break;
                case "--rids": rids = Split(value); i++; break;
                case "--out": outDir = Path.GetFullPath(value); i++; break;
                default: throw Fail($"unknown argument {args[i]}");
            }
        }

        string version = ReadVersion(root);
        Directory.CreateDirectory(outDir);
        string work = Path.Combine(root, "artifacts", "package");
        var results = new List<(string Tool, string Rid, string? Archive, string Note)>();
        var samples = SampleIndex.Read(root);
        Console.WriteLine($"Packaging {tools.Count} tool(s) x {rids.Count} platform(s), version {version}, into {outDir}");

        foreach (var tool in tools)
        {
            string usage = CaptureHelp(root, tool);
            foreach (string rid in rids)
            {
                var sw = Stopwatch.StartNew();
                bool aot = rid == "linux-x64" && OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;
                string kind = aot ? "NativeAOT" : "self-contained single file";
                string publishDir = Path.Combine(work, tool.Name, rid, "publish");
                if (Directory.Exists(publishDir))
                    Directory.Delete(publishDir, recursive: true);
                var (code, output) = Publish(root, tool, rid, aot, publishDir);
                if (code != 0)
                {
                    string why = RestoreProblem(output) is string restore
                        ? $"the {rid} runtime packs could not be restored here ({restore})"
                        : "publish failed:\n" + string.Join('\n', Tail(output, 25));
                    Console.Error.WriteLine($"!! {tool.Name} {rid}: skipped: {why}");
                    results.Add((tool.Name, rid, null, why.Split('\n')[0]));
                    continue;
                }

                string stem = $"{tool.Name}-{version}-{rid}";
                string stage = Path.Combine(work, tool.Name, rid, stem);
                if (Directory.Exists(stage))
                    Directory.Delete(stage, recursive: true);
                Directory.CreateDirectory(stage);
                bool windows = rid.StartsWith("win", StringComparison.Ordinal);
                string exe = tool.Name + (windows ? ".exe" : "");
                File.Copy(Path.Combine(publishDir, exe), Path.Combine(stage, exe));
                // Anything else the publish needs at run time (native libraries); never symbols or XML docs.
                foreach (string extra in Directory.GetFiles(publishDir))
                {
                    string name = Path.GetFileName(extra);
                    if (name != exe && !Regex.IsMatch(name, @"\.(pdb|dbg|xml|dSYM)$", RegexOptions.IgnoreCase))
                        File.Copy(extra, Path.Combine(stage, name));
                }
                File.WriteAllText(Path.Combine(stage, tool.Name + ".pl"), Shims.Perl(tool.Name, exe), Utf8);
                if (windows)
                    File.WriteAllText(Path.Combine(stage, tool.Name + ".pl.cmd"), Shims.Cmd(exe), Utf8);
                File.Copy(Path.Combine(root, "LICENSE"), Path.Combine(stage, "LICENSE"));
                File.Copy(Path.Combine(root, "packaging", "NLog.config"), Path.Combine(stage, "NLog.config"));
                var copied = samples.CopyFor(tool.Name, root, Path.Combine(stage, "samples"));
                File.WriteAllText(Path.Combine(stage, "README.md"),
                    ToolReadme.Render(root, tool.Name, version, rid, kind, usage, copied), Utf8);

                string archive = Path.Combine(outDir, stem + (windows ? ".zip" : ".tar.gz"));
                if (windows)
                    Archives.Zip(stage, stem, archive);
                else
                    Archives.TarGz(stage, stem, archive, executables: [exe, tool.Name + ".pl"]);
                string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(archive)));
                File.WriteAllText(archive + ".sha256", $"{hash}  {Path.GetFileName(archive)}\n", Utf8);
                long size = new FileInfo(archive).Length;
                string note = $"{kind}, {size / 1048576.0:0.0} MiB, {sw.Elapsed.TotalSeconds:0} s";
                Console.WriteLine($"== {Path.GetFileName(archive)}: {note}");
                results.Add((tool.Name, rid, archive, note));
            }
        }

        // One SHA256SUMS for everything in dist/ (sha256sum -c SHA256SUMS checks them all).
        var sums = Directory.GetFiles(outDir, "*.sha256").Order(StringComparer.Ordinal).Select(File.ReadAllText);
        File.WriteAllText(Path.Combine(outDir, "SHA256SUMS"), string.Concat(sums), Utf8);

        Console.WriteLine();
        Console.WriteLine("Summary:");
        foreach (var r in results)
            Console.WriteLine($"  {(r.Archive is null ? "MISSING" : "ok     ")} {r.Tool,-22} {r.Rid,-10} {r.Note}");
        int missing = results.Count(r => r.Archive is null);
        Console.WriteLine(missing == 0 ? $"{results.Count} archive(s) built" : $"{results.Count - missing} archive(s) built, {missing} missing");
        return missing == 0 ? 0 : 1;
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static List<string> Split(string value) =>
        value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static Exception Fail(string message)
    {
        Console.Error.WriteLine("package: " + message);
        Environment.Exit(2);
        return new InvalidOperationException(message);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ImapTools.sln")))
                return dir.FullName;
        throw Fail("run from inside the ImapTools repository");
    }

    /// <summary>Every tools/&lt;dir&gt;/&lt;dir&gt;.csproj; the tool name is its AssemblyName (else the directory name).</summary>
    private static List<ToolProject> Discover(string root) =>
        Directory.GetDirectories(Path.Combine(root, "tools"))
            .Select(dir => Directory.GetFiles(dir, "*.csproj").FirstOrDefault())
            .OfType<string>()
            .Select(csproj =>
            {
                var name = XDocument.Load(csproj).Descendants("AssemblyName").FirstOrDefault()?.Value;
                return new ToolProject(string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(csproj) : name.Trim(), csproj);
            })
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

    private static string ReadVersion(string root) =>
        XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("Version").FirstOrDefault()?.Value.Trim()
        ?? throw Fail("Directory.Build.props has no <Version>");

    /// <summary>Builds the tool framework-dependent and captures its --help text (placeholders have none yet).</summary>
    private static string CaptureHelp(string root, ToolProject tool)
    {
        var (code, output) = Exec(root, "dotnet", ["build", tool.Csproj, "-c", "Release", "-nologo", "-v", "q"]);
        if (code != 0)
            throw Fail($"{tool.Name} does not build:\n{string.Join('\n', Tail(output, 25))}");
        string dll = Path.Combine(Path.GetDirectoryName(tool.Csproj)!, "bin", "Release", "net10.0", tool.Name + ".dll");
        var (helpCode, help) = Exec(root, "dotnet", [dll, "--help"], mergeStderr: true);
        return helpCode == 0 ? help.TrimEnd() + "\n" : "";
    }

    private static (int Code, string Output) Publish(string root, ToolProject tool, string rid, bool aot, string publishDir)
    {
        var args = new List<string>
        {
            "publish", tool.Csproj, "-c", "Release", "-r", rid, "--self-contained", "true", "-o", publishDir, "-nologo",
            "-p:DebugType=none", "-p:GenerateDocumentationFile=false",
            // Trim/AOT analyzers on (Directory.Build.props turns IsAotCompatible on for publishes); with
            // TreatWarningsAsErrors any trim or AOT warning fails the publish.
            "-p:TreatWarningsAsErrors=true",
        };
        if (aot)
            args.AddRange(["-p:PublishAot=true", "-p:StripSymbols=true"]);
        else
            args.AddRange(["-p:PublishSingleFile=true", "-p:PublishTrimmed=true", "-p:PublishAot=false"]);
        Console.WriteLine($"-- {tool.Name} {rid}: dotnet {string.Join(' ', args.Skip(1))}");
        return Exec(root, "dotnet", args, mergeStderr: true);
    }

    /// <summary>The NuGet error of a restore that could not find the runtime/host/ILCompiler packs, if that is what failed.</summary>
    private static string? RestoreProblem(string output) =>
        Regex.Match(output, @"error (NU1100|NU1101|NU1102|NU1103|NU1301|NETSDK1083|NETSDK1084|NETSDK1094)[^\r\n]*") is { Success: true } m
            ? m.Value.Trim()
            : null;

    private static IEnumerable<string> Tail(string text, int lines) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).TakeLast(lines);

    internal static (int Code, string Output) Exec(string cwd, string file, IEnumerable<string> args, bool mergeStderr = false)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, mergeStderr ? stdout + stderr.Result : stdout);
    }
}

internal sealed record ToolProject(string Name, string Csproj);

/// <summary>The legacy-name shims.</summary>
internal static class Shims
{
    /// <summary>
    /// <c>&lt;tool&gt;.pl</c>: runs the executable beside it with the same arguments, so <c>./tool.pl</c>,
    /// <c>perl tool.pl</c>, <c>perl /path/tool.pl</c> and a symbolic link to the shim all work; the exit code is the executable's.
    /// </summary>
    public static string Perl(string tool, string exe) => $$"""
#!/usr/bin/env perl
# {{tool}}.pl: the ImapTools {{tool}} executable under its legacy name.
# Runs {{exe}} from the directory of this file with the same arguments; the exit code is the executable's.
use strict;
use warnings;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Spec;
# abs_path resolves symbolic links: a link to this shim (e.g. in /usr/local/bin) still finds the executable.
my $exe = File::Spec->catfile(dirname(abs_path(__FILE__)), '{{exe}}');
if ($^O eq 'MSWin32') {
    # exec() is not a real exec on Windows: wait for the child and pass its exit code on.
    my $rc = system { $exe } $exe, @ARGV;
    die "{{tool}}.pl: cannot run $exe: $!\n" if $rc == -1;
    exit($? >> 8);
}
exec { $exe } $exe, @ARGV or die "{{tool}}.pl: cannot run $exe: $!\n";

""".Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// <c>&lt;tool&gt;.pl.cmd</c>: cmd.exe appends PATHEXT extensions to a command name, so a batch file that says
    /// <c>imapcopy.pl -S ...</c> runs this on a machine without Perl; it passes the arguments and the exit code on.
    /// </summary>
    public static string Cmd(string exe) =>
        $"@echo off\r\nrem The ImapTools executable under its legacy name: same arguments, same exit code.\r\n\"%~dp0{exe}\" %*\r\nexit /b %ERRORLEVEL%\r\n";
}

/// <summary>samples/index.txt: "&lt;tool&gt; &lt;path under samples/&gt;" lines ('#' comments); a directory is copied whole.</summary>
internal sealed class SampleIndex
{
    private readonly List<(string Tool, string Path)> _entries = [];

    public static SampleIndex Read(string root)
    {
        var index = new SampleIndex();
        string file = Path.Combine(root, "samples", "index.txt");
        if (!File.Exists(file))
            return index;
        foreach (string raw in File.ReadAllLines(file))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2)
                index._entries.Add((parts[0], parts[1]));
        }
        return index;
    }

    /// <summary>Copies the tool's samples (and legacy-invocations.sh) into <paramref name="target"/>; returns the relative paths copied.</summary>
    public List<string> CopyFor(string tool, string root, string target)
    {
        var copied = new List<string>();
        foreach (var (t, rel) in _entries.Where(e => e.Tool == tool || e.Tool == "*"))
        {
            string source = Path.Combine(root, "samples", rel);
            string dest = Path.Combine(target, rel);
            if (Directory.Exists(source))
            {
                foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
                {
                    string to = Path.Combine(dest, Path.GetRelativePath(source, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    File.Copy(file, to, overwrite: true);
                }
                // Keep empty Maildir subdirectories (new/, tmp/): they are part of the format.
                foreach (string dir in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
                    Directory.CreateDirectory(Path.Combine(dest, Path.GetRelativePath(source, dir)));
            }
            else if (File.Exists(source))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                File.Copy(source, dest, overwrite: true);
            }
            else
            {
                throw new FileNotFoundException($"samples/index.txt lists {rel} for {t}, but samples/{rel} does not exist");
            }
            copied.Add("samples/" + rel.Replace('\\', '/') + (Directory.Exists(source) ? "/" : ""));
        }
        return copied;
    }
}

/// <summary>The README.md inside each archive.</summary>
internal static class ToolReadme
{
    public static string Render(string root, string tool, string version, string rid, string kind, string usage, List<string> samples)
    {
        bool windows = rid.StartsWith("win", StringComparison.Ordinal);
        string exe = tool + (windows ? ".exe" : "");
        var sb = new StringBuilder();
        sb.Append($"# {tool} {version} ({rid})\n\n");
        sb.Append($"ImapTools `{tool}`: a drop-in replacement for the Perl script `{tool}.pl` of IMAP Tools, with the same flags ");
        sb.Append($"and output. This archive holds a {kind} executable: it needs no .NET runtime (Perl only to run the `.pl` shim).\n\n");

        sb.Append("## Installing\n\n");
        if (windows)
        {
            sb.Append($"Unzip the archive into a folder (for example where `{tool}.pl` used to be) and run `{exe}`. ");
            sb.Append($"Scripts that call `perl {tool}.pl ...` keep working (`{tool}.pl` runs `{exe}` with the same arguments), and so do batch files ");
            sb.Append($"that call `{tool}.pl ...` on a machine without Perl (`{tool}.pl.cmd` is found through PATHEXT).\n\n");
        }
        else
        {
            sb.Append("```sh\n");
            sb.Append($"tar -xzf {tool}-{version}-{rid}.tar.gz\n");
            sb.Append($"cd {tool}-{version}-{rid}\n");
            sb.Append($"./{tool} --version\n");
            sb.Append("```\n\n");
            sb.Append($"Copy `{exe}` and `{tool}.pl` together wherever the Perl script used to be (or onto your PATH). ");
            sb.Append($"Existing scripts keep working unchanged: both `./{tool}.pl ...` and `perl {tool}.pl ...` run `{exe}` ");
            sb.Append("from the same directory with the same arguments and return its exit code.\n");
            if (rid.StartsWith("osx", StringComparison.Ordinal))
                sb.Append($"\nmacOS marks downloaded files as quarantined: run `xattr -d com.apple.quarantine {exe}` once if Gatekeeper refuses to start it.\n");
            sb.Append('\n');
        }
        sb.Append("Check the download first: `sha256sum -c " + $"{tool}-{version}-{rid}" + (windows ? ".zip" : ".tar.gz") + ".sha256` ");
        sb.Append("(on Windows: `Get-FileHash -Algorithm SHA256`).\n\n");

        sb.Append("## Usage\n\n");
        if (usage.Length > 0)
        {
            sb.Append($"`{tool} -h` (or `--help`) prints this; every flag of the original keeps its meaning, long options are new.\n\n");
            sb.Append("```\n").Append(usage).Append("```\n\n");
        }
        else
        {
            sb.Append($"`{tool}` has not been rebuilt yet in this version: the executable reports that it is not implemented and exits with status 1.\n\n");
        }

        // Examples: the tool's lines of samples/legacy-invocations.sh (legacy command lines that work unchanged).
        string invocations = Path.Combine(root, "samples", "legacy-invocations.sh");
        var examples = File.Exists(invocations)
            ? File.ReadAllLines(invocations)
                .Where(l => Regex.IsMatch(l, $@"^run (\./|perl ){Regex.Escape(tool)}\.pl "))
                .Select(l => l.Substring(4).Replace("\"$SRC", "\"imap1.example.com", StringComparison.Ordinal)
                    .Replace("\"$DST", "\"imap2.example.com", StringComparison.Ordinal).Replace("\"$POP", "\"pop.example.com", StringComparison.Ordinal)
                    .Replace("$S/", "samples/", StringComparison.Ordinal))
                .ToList()
            : [];
        if (examples.Count > 0)
        {
            sb.Append("## Examples\n\n");
            sb.Append("Legacy command lines work unchanged (the sample files are in `samples/`; `samples/legacy-invocations.sh` has every tool's):\n\n");
            sb.Append("```sh\n").Append(string.Join('\n', examples)).Append("\n```\n\n");
        }

        string? section = ReadmeSection(Path.Combine(root, "README.md"), tool);
        if (section is not null)
            sb.Append("## Details\n\n").Append(section.Trim()).Append("\n\n");
        string own = Path.Combine(root, "tools", tool, "README.md");
        if (File.Exists(own))
            sb.Append(DemoteHeadings(File.ReadAllText(own)).Trim()).Append("\n\n");

        sb.Append("## Exit codes\n\n");
        sb.Append("| code | meaning |\n|---|---|\n");
        sb.Append("| 0 | success |\n| 1 | failure (including messages that could not be processed) |\n| 2 | usage error (bad or missing flags) |\n");
        sb.Append("| 3 | cannot connect (network, TLS) |\n| 4 | login failed |\n| 5 | file error (users file, map file, log file, NLog.config) |\n");
        sb.Append("| 6 | partial success: some mailboxes or users failed |\n| 7 | IMAP/POP3 protocol error |\n| 130 | interrupted (Ctrl-C, SIGTERM) |\n\n");
        sb.Append("Errors are one line on stderr naming the problem; set `IMAPTOOLS_STACKTRACE=1` to add the details.\n\n");

        sb.Append("## Logging\n\n");
        sb.Append("The console output and the `-L` log file keep the legacy format. `NLog.config` beside the executable adds ");
        sb.Append("your own log targets on top (as shipped its rule is disabled; set `enabled=\"true\"` for a daily rolling file ");
        sb.Append($"under `logs/`). `IMAPTOOLS_NLOG_CONFIG=/path/file` reads another file instead. Passwords never reach any log.\n\n");

        sb.Append("## Files in this archive\n\n");
        sb.Append($"- `{exe}`: the tool (`{exe} --version` prints `{tool} {version}`)\n");
        sb.Append($"- `{tool}.pl`: the legacy-name shim (Perl)\n");
        if (windows)
            sb.Append($"- `{tool}.pl.cmd`: the legacy-name shim for cmd.exe\n");
        sb.Append("- `NLog.config`: optional extra logging (see above)\n- `README.md`: this file\n- `LICENSE`\n");
        foreach (string s in samples)
            sb.Append($"- `{s}`: sample input\n");
        return sb.ToString();
    }

    /// <summary>The body of the "## &lt;tool&gt;" section of the repository README (up to the next "## "), headings demoted.</summary>
    private static string? ReadmeSection(string readme, string tool)
    {
        if (!File.Exists(readme))
            return null;
        var lines = File.ReadAllLines(readme);
        int start = Array.FindIndex(lines, l => Regex.IsMatch(l, $@"^##\s+`?{Regex.Escape(tool)}`?(\s|$)"));
        if (start < 0)
            return null;
        var body = lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
        return DemoteHeadings(string.Join('\n', body));
    }

    private static string DemoteHeadings(string markdown)
    {
        bool fence = false;
        var result = new List<string>();
        foreach (string line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
                fence = !fence;
            result.Add(!fence && line.StartsWith('#') ? "#" + line : line);
        }
        return string.Join('\n', result);
    }
}

/// <summary>tar.gz (with Unix modes) and zip writers.</summary>
internal static class Archives
{
    public static void TarGz(string stage, string stem, string archive, IReadOnlyCollection<string> executables)
    {
        string tmp = archive + ".tmp";
        using (var file = File.Create(tmp))
        using (var gz = new GZipStream(file, CompressionLevel.SmallestSize))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax, leaveOpen: false))
        {
            var stamp = DateTimeOffset.UtcNow;
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, stem + "/") { Mode = Dir, ModificationTime = stamp });
            foreach (string dir in Directory.GetDirectories(stage, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, stem + "/" + Rel(stage, dir) + "/") { Mode = Dir, ModificationTime = stamp });
            foreach (string path in Directory.GetFiles(stage, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string rel = Rel(stage, path);
                using var data = File.OpenRead(path);
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, stem + "/" + rel)
                {
                    Mode = executables.Contains(rel) || rel.EndsWith(".sh", StringComparison.Ordinal) ? Exec : Plain,
                    ModificationTime = stamp,
                    DataStream = data,
                });
            }
        }
        File.Move(tmp, archive, overwrite: true);
    }

    public static void Zip(string stage, string stem, string archive)
    {
        string tmp = archive + ".tmp";
        File.Delete(tmp);
        using (var zip = ZipFile.Open(tmp, ZipArchiveMode.Create))
            foreach (string path in Directory.GetFiles(stage, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                // ':' cannot be in a Windows file name: Maildir info "name:2,S" becomes "name!2,S" (the Windows Maildir convention).
                zip.CreateEntryFromFile(path, stem + "/" + Rel(stage, path).Replace(':', '!'), CompressionLevel.SmallestSize);
        File.Move(tmp, archive, overwrite: true);
    }

    private static string Rel(string stage, string path) => Path.GetRelativePath(stage, path).Replace('\\', '/');

    private const UnixFileMode Plain = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Exec = Plain | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const UnixFileMode Dir = Exec;
}
