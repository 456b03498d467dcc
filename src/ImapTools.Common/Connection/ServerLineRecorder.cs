using System.Text;
using MailKit;

namespace ImapTools.Common.Connection;

/// <summary>
/// A protocol logger decorator that passes everything on to an inner logger (the <c>-I</c> trace) and remembers
/// the server's capability list exactly as sent: the text after the last untagged <c>* CAPABILITY </c> line or
/// the last <c>[CAPABILITY …]</c> response code (which servers such as Dovecot send with the login OK instead).
/// </summary>
public sealed class ServerLineRecorder : ProtocolLoggerDecorator
{
    private readonly StringBuilder _line = new();
    private readonly object _gate = new();
    private string? _capabilities;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public ServerLineRecorder(IProtocolLogger inner) : base(inner) { }

    /// <summary>The last capability list the server sent (case and order kept), or null.</summary>
    public string? LastCapabilities { get { lock (_gate) return _capabilities; } }

    /// <summary>Forgets the recorded capability list (e.g. before an explicit CAPABILITY command).</summary>
    public void Reset() { lock (_gate) _capabilities = null; }

    /// <inheritdoc />
    public override void LogServer(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            for (int i = offset; i < offset + count; i++)
            {
                byte b = buffer[i];
                if (b == (byte)'\n')
                {
                    Inspect(_line.ToString().TrimEnd('\r'));
                    _line.Clear();
                }
                else if (_line.Length < 65536)
                {
                    _line.Append((char)b);
                }
            }
        }
        Inner.LogServer(buffer, offset, count);
    }

    private void Inspect(string line)
    {
        const string untagged = "* CAPABILITY ";
        if (line.StartsWith(untagged, StringComparison.OrdinalIgnoreCase))
        {
            _capabilities = line[untagged.Length..];
            return;
        }
        int start = line.IndexOf("[CAPABILITY ", StringComparison.OrdinalIgnoreCase);
        if (start >= 0 && (line.StartsWith("* OK", StringComparison.OrdinalIgnoreCase) || !line.StartsWith('*')))
        {
            int end = line.IndexOf(']', start);
            if (end > start)
                _capabilities = line[(start + "[CAPABILITY ".Length)..end];
        }
    }
}
