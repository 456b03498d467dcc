using ImapTools.Common.Logging;

namespace ImapTools.Common.Tests.Logging;

/// <summary>The optional user NLog.config shipped in every package (packaging/NLog.config).</summary>
public sealed class UserConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nlogcfg-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string ShippedConfig()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "packaging", "NLog.config")))
            dir = dir.Parent;
        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir!.FullName, "packaging", "NLog.config"));
    }

    private string Write(string text)
    {
        string path = Path.Combine(_dir, "NLog.config");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ShippedConfig_AsIs_ChangesNothing()
    {
        string path = Write(ShippedConfig().Replace("${basedir}", _dir, StringComparison.Ordinal));
        using (var log = ToolLog.Create(new LogSettings("imapcopy") { UserConfigFile = path }, _out, _err))
        {
            log.Info("hello");
            log.Warn("careful");
        }
        Assert.Equal("hello\n", _out.ToString());
        Assert.Equal("careful\n", _err.ToString());
        Assert.False(Directory.Exists(Path.Combine(_dir, "logs")));
    }

    [Fact]
    public void ShippedConfig_WithItsRuleEnabled_AddsTheRollingFile_AndKeepsTheConsole()
    {
        string text = ShippedConfig().Replace("${basedir}", _dir, StringComparison.Ordinal)
            .Replace("enabled=\"false\"", "enabled=\"true\"", StringComparison.Ordinal);
        Assert.Contains("writeTo=\"rolling\" enabled=\"true\"", text, StringComparison.Ordinal);
        string path = Write(text);
        using (var log = ToolLog.Create(new LogSettings("imapcopy") { UserConfigFile = path }, _out, _err))
        {
            log.Info("copied 3 messages");
            log.Debug("not written: -d is off");
            log.Error("Error appending message");
        }
        Assert.Equal("copied 3 messages\n", _out.ToString());
        string file = File.ReadAllText(Path.Combine(_dir, "logs", "imapcopy.log"));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{4} \d+ INFO copied 3 messages\r?\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{4} \d+ ERROR Error appending message\r?\n$", file);
    }

    [Fact]
    public void MissingConfig_IsIgnored()
    {
        using (var log = ToolLog.Create(new LogSettings("imapcopy") { UserConfigFile = Path.Combine(_dir, "none.config") }, _out, _err))
            log.Info("hello");
        Assert.Equal("hello\n", _out.ToString());
    }

    [Fact]
    public void InvalidConfig_IsAFileError_NamingTheFile()
    {
        string path = Write("<nlog><targets><target type=\"NoSuchTarget\" name=\"x\" /></targets><rules><logger name=\"*\" writeTo=\"x\" /></rules></nlog>");
        var ex = Assert.Throws<ImapToolsException>(() => ToolLog.Create(new LogSettings("imapcopy") { UserConfigFile = path }, _out, _err));
        Assert.Equal(ExitCodes.File, ex.ExitCode);
        Assert.StartsWith("Can't read the logging configuration " + path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ex.Message, StringComparison.Ordinal);

        string broken = Write("<nlog><targets>");
        ex = Assert.Throws<ImapToolsException>(() => ToolLog.Create(new LogSettings("imapcopy") { UserConfigFile = broken }, _out, _err));
        Assert.Equal(ExitCodes.File, ex.ExitCode);
    }

    [Fact]
    public void DefaultLocation_IsBesideTheExecutable_UnlessTheVariableNamesAFile()
    {
        string? saved = Environment.GetEnvironmentVariable(ToolLog.UserConfigVariable);
        try
        {
            Environment.SetEnvironmentVariable(ToolLog.UserConfigVariable, null);
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, "NLog.config"), ToolLog.DefaultUserConfigFile());
            Environment.SetEnvironmentVariable(ToolLog.UserConfigVariable, "/etc/imaptools/nlog.xml");
            Assert.Equal("/etc/imaptools/nlog.xml", ToolLog.DefaultUserConfigFile());
        }
        finally
        {
            Environment.SetEnvironmentVariable(ToolLog.UserConfigVariable, saved);
        }
    }
}
