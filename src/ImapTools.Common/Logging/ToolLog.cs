// TEMPORARY STUB: replaced by the logging branch at merge.
#pragma warning disable CS1591
namespace ImapTools.Common.Logging;
public enum LogLineFormat { Plain, WithPid, WithPidColon }
public sealed record LogSettings(string ToolName, bool Debug = false, bool Quiet = false, string? LogFile = null, bool ProtocolTrace = false, LogLineFormat FileFormat = LogLineFormat.Plain, bool ConsoleToStderr = false);
public sealed class ToolLog : IDisposable
{
    LogSettings s; TextWriter o; TextWriter e;
    ToolLog(LogSettings s, TextWriter o, TextWriter e) { this.s = s; this.o = o; this.e = e; }
    public static ToolLog Create(LogSettings settings, TextWriter? console = null, TextWriter? errorConsole = null) => new(settings, console ?? Console.Out, errorConsole ?? Console.Error);
    public bool IsDebug => s.Debug;
    public void Info(string m) { if (!s.Quiet) lock (o) o.Write(m + "\n"); LineLogged?.Invoke(m); }
    public void Debug(string m) { if (s.Debug) Info(m); }
    public void Warn(string m) { lock (e) e.Write(m + "\n"); }
    public void Error(string m) { lock (e) e.Write(m + "\n"); }
    public MailKit.IProtocolLogger CreateProtocolLogger() => new MailKit.NullProtocolLogger();
    public event Action<string>? LineLogged;
    public void Dispose() { }
}
