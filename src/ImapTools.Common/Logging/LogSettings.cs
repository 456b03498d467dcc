namespace ImapTools.Common.Logging;

/// <summary>How a tool run logs: the values of the legacy <c>-d</c>, <c>-q</c>, <c>-L</c> and <c>-I</c> options plus the per-tool conventions.</summary>
/// <param name="ToolName">The tool name (used as the NLog logger name; not written to the log).</param>
/// <param name="Debug">Write <see cref="ToolLog.Debug"/> lines (<c>-d</c>).</param>
/// <param name="Quiet">Do not copy informational and debug lines to the console (<c>-q</c>); warnings and errors still go to stderr.</param>
/// <param name="LogFile">The log file (<c>-L</c>), opened in append mode; <see langword="null"/> for none.</param>
/// <param name="ProtocolTrace">Trace every protocol line (<c>-I</c>) through <see cref="ToolLog.CreateProtocolLogger"/>.</param>
/// <param name="FileFormat">The layout of the lines in <paramref name="LogFile"/>.</param>
/// <param name="ConsoleToStderr">Send the console copy of informational lines to stderr instead of stdout (migrateIMAP).</param>
public sealed record LogSettings(
    string ToolName,
    bool Debug = false,
    bool Quiet = false,
    string? LogFile = null,
    bool ProtocolTrace = false,
    LogLineFormat FileFormat = LogLineFormat.Plain,
    bool ConsoleToStderr = false)
{
    /// <summary>
    /// An optional user NLog XML configuration whose targets and rules are added to the legacy console and
    /// <c>-L</c> logging (which it cannot change). Default: <see cref="ToolLog.DefaultUserConfigFile"/>, i.e. the
    /// <c>IMAPTOOLS_NLOG_CONFIG</c> environment variable, else <c>NLog.config</c> beside the executable; ignored when
    /// the file does not exist. <see langword="null"/> turns it off.
    /// </summary>
    public string? UserConfigFile { get; init; } = ToolLog.DefaultUserConfigFile();
}
