using NLog;
using NLog.Targets;

namespace ImapTools.Common.Logging;

/// <summary>
/// An NLog target that writes the rendered layout plus a bare LF to an injected <see cref="TextWriter"/>
/// (the real console, or a <see cref="StringWriter"/> in tests). One <see cref="TextWriter.Write(string)"/> call per
/// line, under a lock on the writer itself, so lines from several workers (and from two targets that share one
/// writer) never interleave mid-line.
/// </summary>
internal sealed class TextWriterTarget : TargetWithLayout
{
    private readonly TextWriter _writer;

    public TextWriterTarget(string name, TextWriter writer)
    {
        Name = name;
        _writer = writer;
        Layout = "${message}";
    }

    protected override void Write(LogEventInfo logEvent)
    {
        var line = RenderLogEvent(Layout, logEvent) + "\n";
        lock (_writer)
        {
            _writer.Write(line);
            _writer.Flush();
        }
    }
}
