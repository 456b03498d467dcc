using System.Text;

namespace ImapTools.Common.Stores.Mbox;

/// <summary>One header field of a raw message: its byte range (including continuation lines and line end), name and unfolded value.</summary>
/// <param name="Start">Offset of the field's first byte.</param>
/// <param name="End">Offset just past the field's last line end.</param>
/// <param name="Name">The field name, as written.</param>
/// <param name="Value">The value: continuation lines joined, trimmed (UTF-8 when valid, else Latin-1).</param>
public sealed record RawHeader(int Start, int End, string Name, string Value)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>True when the field is named <paramref name="name"/> (case-insensitive).</summary>
    public bool Is(string name) => Name.Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Splits the header section of <paramref name="message"/> (CRLF or LF lines) into fields. Parsing stops at the
    /// first empty line or at the end of the data; <paramref name="headerEnd"/> is the offset of that empty line (or
    /// the data length).
    /// </summary>
    public static List<RawHeader> Parse(ReadOnlySpan<byte> message, out int headerEnd)
    {
        var fields = new List<RawHeader>();
        int pos = 0, fieldStart = -1;
        while (pos < message.Length)
        {
            int nl = message[pos..].IndexOf((byte)'\n');
            int lineEnd = nl < 0 ? message.Length : pos + nl + 1;
            var line = message[pos..lineEnd];
            bool empty = line.Length == 0 || line[0] == (byte)'\n' || (line.Length >= 2 && line[0] == (byte)'\r' && line[1] == (byte)'\n');
            if (empty) break;
            bool continuation = line[0] is (byte)' ' or (byte)'\t';
            if (!continuation)
            {
                if (fieldStart >= 0) fields.Add(Make(message, fieldStart, pos));
                fieldStart = pos;
            }
            pos = lineEnd;
        }
        if (fieldStart >= 0) fields.Add(Make(message, fieldStart, pos));
        headerEnd = pos;
        return fields;
    }

    private static RawHeader Make(ReadOnlySpan<byte> message, int start, int end)
    {
        string text = Decode(message[start..end]);
        int colon = text.IndexOf(':');
        string name = colon < 0 ? text.TrimEnd('\r', '\n') : text[..colon].TrimEnd();
        string value = colon < 0 ? "" : text[(colon + 1)..].Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();
        return new RawHeader(start, end, name, value);
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return Encoding.Latin1.GetString(bytes); }
    }
}
