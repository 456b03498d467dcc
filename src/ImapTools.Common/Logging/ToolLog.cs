using System.Globalization;
using System.Text;
using MailKit;
using NLog;
using NLog.Config;
using NLog.Layouts;
using NLog.Targets;

namespace ImapTools.Common.Logging;

/// <summary>
/// The log of one tool run: the legacy <c>Log()</c> routine rebuilt on NLog.
/// The console gets the bare message plus LF; the log file (if any) gets a timestamped legacy line
/// (<see cref="LogLineFormat"/>, local time), flushed after every line.
/// </summary>
/// <remarks>
/// NLog is configured programmatically on a private <see cref="LogFactory"/> per instance; the global
/// <see cref="LogManager"/> configuration is never touched, so several logs can coexist in one process.
/// All members are thread-safe; a line is never interleaved with another one.
/// </remarks>
public sealed class ToolLog : IDisposable
{
    private const string DateLayout = @"${date:format=MM-dd-yyyy.HH\:mm\:ss}";

    private readonly LogFactory _factory;
    private readonly Logger _logger;
    private readonly LogSettings _settings;
    private volatile bool _disposed;

    private ToolLog(LogSettings settings, LogFactory factory)
    {
        _settings = settings;
        _factory = factory;
        _logger = factory.GetLogger(string.IsNullOrEmpty(settings.ToolName) ? "ImapTools" : settings.ToolName);
    }

    /// <summary>
    /// Creates the log of a run. The log file, if any, is opened in append mode (created when missing; its
    /// directory is not created).
    /// </summary>
    /// <param name="settings">What to log where.</param>
    /// <param name="console">Standard output; <see cref="Console.Out"/> when <see langword="null"/>.</param>
    /// <param name="errorConsole">Standard error; <see cref="Console.Error"/> when <see langword="null"/>.</param>
    /// <returns>The log; dispose it at the end of the run to flush and close the file.</returns>
    /// <exception cref="ImapToolsException">
    /// The log file cannot be opened: message <c>Can't open &lt;file&gt;: &lt;reason&gt;</c>, exit code <see cref="ExitCodes.File"/>.
    /// </exception>
    public static ToolLog Create(LogSettings settings, TextWriter? console = null, TextWriter? errorConsole = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        console ??= Console.Out;
        errorConsole ??= Console.Error;

        if (settings.LogFile is not null)
            ProbeLogFile(settings.LogFile);

        var factory = new LogFactory { ThrowExceptions = false, ThrowConfigExceptions = true };
        var config = LoadUserConfig(settings.UserConfigFile, factory) ?? new LoggingConfiguration(factory);
        config.DefaultCultureInfo = CultureInfo.InvariantCulture;
        var minLevel = settings.Debug ? LogLevel.Debug : LogLevel.Info;

        var stdout = new TextWriterTarget("stdout", console);
        var stderr = new TextWriterTarget("stderr", errorConsole);
        if (!settings.Quiet)
            config.AddRule(minLevel, LogLevel.Info, settings.ConsoleToStderr ? stderr : stdout);
        config.AddRule(LogLevel.Warn, LogLevel.Fatal, stderr);

        if (settings.LogFile is not null)
        {
            var file = new FileTarget("file")
            {
                FileName = Layout.FromLiteral(Path.GetFullPath(settings.LogFile)),
                Layout = FileLayout(settings.FileFormat),
                KeepFileOpen = true,
                AutoFlush = true,
                LineEnding = LineEndingMode.LF,
                Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                WriteBom = false,
                CreateDirs = false,
                DeleteOldFileOnStartup = false,
                ReplaceFileContentsOnEachWrite = false,
            };
            config.AddRule(minLevel, LogLevel.Fatal, file);
        }

        factory.Configuration = config;
        return new ToolLog(settings, factory);
    }

    /// <summary>The environment variable naming a user NLog configuration file (see <see cref="DefaultUserConfigFile"/>).</summary>
    public const string UserConfigVariable = "IMAPTOOLS_NLOG_CONFIG";

    /// <summary>The file name of the optional user NLog configuration shipped beside each packaged tool.</summary>
    public const string UserConfigFileName = "NLog.config";

    /// <summary>
    /// Where the optional user NLog configuration is looked for: the file named by <c>IMAPTOOLS_NLOG_CONFIG</c> when
    /// set and not empty, else <c>NLog.config</c> in the directory of the executable (<see cref="AppContext.BaseDirectory"/>,
    /// which is that directory for NativeAOT and single-file executables too).
    /// </summary>
    /// <returns>The path (the file may not exist).</returns>
    public static string DefaultUserConfigFile()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(UserConfigVariable);
        return string.IsNullOrEmpty(fromEnvironment)
            ? Path.Combine(AppContext.BaseDirectory, UserConfigFileName)
            : fromEnvironment;
    }

    /// <summary>Whether debug lines are written (<see cref="LogSettings.Debug"/>).</summary>
    public bool IsDebug => _settings.Debug;

    /// <summary>
    /// Raised for every line actually written (info, warning, error, debug when enabled, protocol trace),
    /// with the bare message, whether or not the console copy is suppressed by <see cref="LogSettings.Quiet"/>.
    /// Feeds the end-of-run report and web mode. Handlers run on the logging thread and must be thread-safe.
    /// </summary>
    public event Action<string>? LineLogged;

    /// <summary>Logs an informational line: console (stdout, or stderr with <see cref="LogSettings.ConsoleToStderr"/>) unless quiet, and the log file.</summary>
    /// <param name="message">The text, written exactly as given (embedded newlines are kept; only the first line gets the file timestamp).</param>
    public void Info(string message) => Write(LogLevel.Info, message);

    /// <summary>Logs a debug line; ignored unless <see cref="IsDebug"/>.</summary>
    /// <param name="message">The text, written exactly as given.</param>
    public void Debug(string message)
    {
        if (_settings.Debug)
            Write(LogLevel.Debug, message);
    }

    /// <summary>Logs a warning: the console copy goes to stderr, even when quiet; the log file gets it too.</summary>
    /// <param name="message">The text, written exactly as given.</param>
    public void Warn(string message) => Write(LogLevel.Warn, message);

    /// <summary>Logs an error: the console copy goes to stderr, even when quiet; the log file gets it too.</summary>
    /// <param name="message">The text, written exactly as given.</param>
    public void Error(string message) => Write(LogLevel.Error, message);

    /// <summary>
    /// Creates the protocol logger to hand to a MailKit client (<c>new ImapClient(log.CreateProtocolLogger())</c>).
    /// With <see cref="LogSettings.ProtocolTrace"/> it logs every command line as <c>&gt;&gt; line</c> and every
    /// response line as <c>&lt;&lt; line</c> (informational level) with passwords, tokens and SASL responses masked
    /// and message literals over 1024 bytes replaced by <c>[literal: n bytes]</c>; otherwise it logs nothing.
    /// Create one per client: it keeps per-connection state.
    /// </summary>
    /// <returns>A new protocol logger.</returns>
    public IProtocolLogger CreateProtocolLogger()
        => _settings.ProtocolTrace ? new ProtocolTraceLogger(Info) : new NullProtocolLogger();

    /// <summary>Flushes and closes the log file. Later calls to the logging methods are ignored.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _factory.Flush();
        _factory.Dispose();
    }

    private void Write(LogLevel level, string message)
    {
        if (_disposed)
            return;
        message ??= string.Empty;
        // No parameters: NLog writes the text as is (no message-template parsing of "{5}" etc.).
        _logger.Log(new LogEventInfo(level, _logger.Name, CultureInfo.InvariantCulture, message, null));
        LineLogged?.Invoke(message);
    }

    private static Layout FileLayout(LogLineFormat format) => format switch
    {
        LogLineFormat.Plain => DateLayout + " ${message}",
        LogLineFormat.WithPid => DateLayout + " ${processid} ${message}",
        LogLineFormat.WithPidColon => DateLayout + " ${processid}: ${message}",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>
    /// Reads the user's NLog XML configuration (NLog's own XML reader and its built-in target/layout registry: no
    /// reflection over arbitrary assemblies, so it works in NativeAOT executables). Missing file: <see langword="null"/>.
    /// An unreadable or invalid file is a file error, reported before anything is done.
    /// </summary>
    private static LoggingConfiguration? LoadUserConfig(string? path, LogFactory factory)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
            return null;
        try
        {
            return new XmlLoggingConfiguration(path, factory);
        }
        catch (Exception ex) when (ex is NLogConfigurationException or NLogRuntimeException || FileErrors.IsFileError(ex))
        {
            string reason = ex is NLogConfigurationException or NLogRuntimeException
                ? OneLine(ex.InnerException?.Message ?? ex.Message)
                : FileErrors.Describe(ex);
            throw new ImapToolsException($"Can't read the logging configuration {path}: {reason}", ExitCodes.File, ex);
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Opens the file for append the way the legacy <c>open(LOG, "&gt;&gt;$file")</c> did, to fail early with a legacy message.</summary>
    private static void ProbeLogFile(string file)
    {
        if (Directory.Exists(file))
            throw new ImapToolsException($"Can't open {file}: Is a directory", ExitCodes.File);
        try
        {
            using var stream = PrivateFiles.Open(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (FileErrors.IsFileError(ex))
        {
            throw new ImapToolsException($"Can't open {file}: {FileErrors.Describe(ex)}", ExitCodes.File, ex);
        }
    }
}
