using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ImapTools.Common.Logging;

namespace ImapTools.Common.Tests.Logging;

public sealed class ToolLogTests : IDisposable
{
    private const string Stamp = @"\d{2}-\d{2}-\d{4}\.\d{2}:\d{2}:\d{2}";
    private readonly string _dir = Directory.CreateTempSubdirectory("toollog-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LogPath => Path.Combine(_dir, "run.log");

    private ToolLog Create(LogSettings settings) => ToolLog.Create(settings, _out, _err);

    private static string ReadShared(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(fs, new UTF8Encoding(false));
        return reader.ReadToEnd();
    }

    [Fact]
    public void PlainFileFormat_IsTimestampSpaceMessageLf_InLocalTime()
    {
        using (var log = Create(new LogSettings("imapcopy", LogFile: LogPath)))
            log.Info("Number of mailboxes to process: 7");

        var text = File.ReadAllText(LogPath);
        var m = Regex.Match(text, $"^({Stamp}) Number of mailboxes to process: 7\n$");
        Assert.True(m.Success, text);
        var when = DateTime.ParseExact(m.Groups[1].Value, "MM-dd-yyyy.HH:mm:ss", CultureInfo.InvariantCulture);
        Assert.InRange((DateTime.Now - when).Duration(), TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.Equal("Number of mailboxes to process: 7\n", _out.ToString());
    }

    [Theory]
    [InlineData(LogLineFormat.WithPid, " ")]
    [InlineData(LogLineFormat.WithPidColon, ": ")]
    public void PidFormats(LogLineFormat format, string separator)
    {
        using (var log = Create(new LogSettings("imapsync", LogFile: LogPath, FileFormat: format)))
            log.Info("./imapsync.pl starting");

        var expected = $"^{Stamp} {Environment.ProcessId}{Regex.Escape(separator)}\\./imapsync\\.pl starting\n$";
        Assert.Matches(expected, File.ReadAllText(LogPath));
    }

    [Fact]
    public void FileIsOpenedInAppendMode_WithoutBom()
    {
        File.WriteAllText(LogPath, "old line\n", new UTF8Encoding(false));
        using (var log = Create(new LogSettings("imapcopy", LogFile: LogPath)))
            log.Info("new line é");

        var bytes = File.ReadAllBytes(LogPath);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Matches($"^old line\n{Stamp} new line é\n$", text);
        Assert.False(bytes.Skip(9).Take(3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF }));
    }

    [Fact]
    public void FileIsFlushedAfterEveryLine()
    {
        using var log = Create(new LogSettings("imapcopy", LogFile: LogPath));
        log.Info("first");
        Assert.Matches($"^{Stamp} first\n$", ReadShared(LogPath));
        log.Info("second");
        Assert.Matches($"^{Stamp} first\n{Stamp} second\n$", ReadShared(LogPath));
    }

    [Fact]
    public void Quiet_SilencesConsoleButNotFile_WarningsAndErrorsStillGoToStderr()
    {
        using (var log = Create(new LogSettings("imapcopy", Quiet: true, LogFile: LogPath)))
        {
            log.Info("info line");
            log.Warn("warn line");
            log.Error("error line");
        }

        Assert.Equal("", _out.ToString());
        Assert.Equal("warn line\nerror line\n", _err.ToString());
        Assert.Matches($"^{Stamp} info line\n{Stamp} warn line\n{Stamp} error line\n$", File.ReadAllText(LogPath));
    }

    [Fact]
    public void WarnAndError_GoToStderrNotStdout()
    {
        using (var log = Create(new LogSettings("imapcopy")))
        {
            log.Info("a");
            log.Warn("b");
            log.Error("c");
        }
        Assert.Equal("a\n", _out.ToString());
        Assert.Equal("b\nc\n", _err.ToString());
    }

    [Fact]
    public void ConsoleToStderr_SendsInfoToStderr()
    {
        using (var log = Create(new LogSettings("migrateIMAP", ConsoleToStderr: true)))
            log.Info("hello");
        Assert.Equal("", _out.ToString());
        Assert.Equal("hello\n", _err.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Debug_IsGated(bool debug)
    {
        using (var log = Create(new LogSettings("imapcopy", Debug: debug, LogFile: LogPath)))
        {
            Assert.Equal(debug, log.IsDebug);
            log.Debug("Connecting to host1");
            log.Info("visible");
        }

        var file = File.ReadAllText(LogPath);
        if (debug)
        {
            Assert.Equal("Connecting to host1\nvisible\n", _out.ToString());
            Assert.Matches($"^{Stamp} Connecting to host1\n{Stamp} visible\n$", file);
        }
        else
        {
            Assert.Equal("visible\n", _out.ToString());
            Assert.Matches($"^{Stamp} visible\n$", file);
        }
    }

    [Fact]
    public void LineEndings_AreLfOnly_AndMultiLineMessagesKeepTheirNewlines()
    {
        using (var log = Create(new LogSettings("delIMAPdups", LogFile: LogPath, FileFormat: LogLineFormat.WithPid)))
        {
            log.Info("\n./delIMAPdups.pl starting");
            log.Info("x");
        }

        Assert.Equal("\n./delIMAPdups.pl starting\nx\n", _out.ToString());
        var file = File.ReadAllText(LogPath);
        Assert.DoesNotContain('\r', file);
        Assert.Matches($"^{Stamp} {Environment.ProcessId} \n\\./delIMAPdups\\.pl starting\n{Stamp} {Environment.ProcessId} x\n$", file);
    }

    [Fact]
    public void Braces_AreWrittenVerbatim_NotParsedAsTemplates()
    {
        using (var log = Create(new LogSettings("imapcopy", LogFile: LogPath)))
        {
            log.Info("A1 APPEND INBOX {5}");
            log.Info("{0} {user} {{x}}");
        }
        Assert.Equal("A1 APPEND INBOX {5}\n{0} {user} {{x}}\n", _out.ToString());
        Assert.Matches($"^{Stamp} A1 APPEND INBOX \\{{5\\}}\n{Stamp} \\{{0\\}} \\{{user\\}} \\{{\\{{x\\}}\\}}\n$", File.ReadAllText(LogPath));
    }

    [Fact]
    public void MissingDirectory_ThrowsImapToolsExceptionWithFileExitCode()
    {
        var path = Path.Combine(_dir, "no-such-dir", "x.log");
        var ex = Assert.Throws<ImapToolsException>(() => Create(new LogSettings("imapcopy", LogFile: path)));
        Assert.Equal(ExitCodes.File, ex.ExitCode);
        Assert.Equal(5, ex.ExitCode);
        Assert.Equal($"Can't open {path}: No such file or directory", ex.Message);
        Assert.False(Directory.Exists(Path.Combine(_dir, "no-such-dir")));
    }

    [Fact]
    public void DirectoryAsLogFile_ThrowsImapToolsException()
    {
        var ex = Assert.Throws<ImapToolsException>(() => Create(new LogSettings("imapcopy", LogFile: _dir)));
        Assert.Equal(ExitCodes.File, ex.ExitCode);
        Assert.StartsWith($"Can't open {_dir}: ", ex.Message);
    }

    [Fact]
    public void LineLogged_SeesEveryWrittenLine_EvenWhenQuiet()
    {
        var seen = new List<string>();
        using (var log = Create(new LogSettings("imapcopy", Quiet: true)))
        {
            log.LineLogged += seen.Add;
            log.Info("i");
            log.Debug("d (not written)");
            log.Warn("w");
            log.Error("e");
        }
        Assert.Equal(new[] { "i", "w", "e" }, seen);
    }

    [Fact]
    public void AfterDispose_CallsAreIgnored()
    {
        var log = Create(new LogSettings("imapcopy", LogFile: LogPath));
        log.Info("one");
        log.Dispose();
        log.Info("two");
        log.Dispose();
        Assert.Equal("one\n", _out.ToString());
        Assert.Matches($"^{Stamp} one\n$", File.ReadAllText(LogPath));
    }

    [Fact]
    public void TwoLogs_CoexistInOneProcess()
    {
        var other = Path.Combine(_dir, "other.log");
        var out2 = new StringWriter();
        using (var a = Create(new LogSettings("a", LogFile: LogPath)))
        using (var b = ToolLog.Create(new LogSettings("b", LogFile: other, FileFormat: LogLineFormat.WithPid), out2, _err))
        {
            a.Info("from a");
            b.Info("from b");
        }
        Assert.Equal("from a\n", _out.ToString());
        Assert.Equal("from b\n", out2.ToString());
        Assert.Matches($"^{Stamp} from a\n$", File.ReadAllText(LogPath));
        Assert.Matches($"^{Stamp} \\d+ from b\n$", File.ReadAllText(other));
    }

    [Fact]
    public void ParallelWriters_NeverInterleaveLines()
    {
        const int threads = 8, perThread = 400;
        var padding = new string('x', 200);
        var err = new StringWriter();
        using (var log = ToolLog.Create(new LogSettings("imapcopy", LogFile: LogPath), _out, err))
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (int i = 0; i < perThread; i++)
                {
                    if (i % 10 == 0)
                        log.Warn($"W t{t} i{i} {padding}");
                    else
                        log.Info($"t{t} i{i} {padding}");
                }
            });
        }

        var consoleLines = _out.ToString().Split('\n');
        Assert.Equal("", consoleLines[^1]);
        var infoLines = consoleLines[..^1];
        var warnLines = err.ToString().Split('\n')[..^1];
        Assert.Equal(threads * perThread, infoLines.Length + warnLines.Length);
        Assert.All(infoLines, l => Assert.Matches($"^t\\d i\\d+ {padding}$", l));
        Assert.All(warnLines, l => Assert.Matches($"^W t\\d i\\d+ {padding}$", l));

        var fileLines = File.ReadAllText(LogPath).Split('\n');
        Assert.Equal("", fileLines[^1]);
        Assert.Equal(threads * perThread, fileLines.Length - 1);
        Assert.All(fileLines[..^1], l => Assert.Matches($"^{Stamp} (W )?t\\d i\\d+ {padding}$", l));
        var distinct = fileLines[..^1].Select(l => l[20..]).Distinct().Count();
        Assert.Equal(threads * perThread, distinct);
    }

    [Fact]
    public void WithoutProtocolTrace_ProtocolLoggerLogsNothing()
    {
        using (var log = Create(new LogSettings("imapcopy", LogFile: LogPath)))
        using (var pl = log.CreateProtocolLogger())
        {
            var bytes = Encoding.ASCII.GetBytes("A00000000 LOGIN alice s3cr3t\r\n");
            pl.LogConnect(new Uri("imap://host1:143"));
            pl.LogClient(bytes, 0, bytes.Length);
            pl.LogServer(bytes, 0, bytes.Length);
        }
        Assert.Equal("", _out.ToString());
        Assert.Equal("", File.ReadAllText(LogPath));
    }
}
