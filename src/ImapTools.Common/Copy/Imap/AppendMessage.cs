using MimeKit;

namespace ImapTools.Common.Copy.Imap;

/// <summary>
/// Turns a message's exact bytes into the <see cref="MimeMessage"/> MailKit's APPEND serialises, so that the bytes sent
/// are the bytes read (MailKit only turns bare LF into CRLF, which IMAP requires anyway, and ends a message that lacks a
/// final line break with CRLF).
/// </summary>
/// <remarks>
/// A well-formed message is parsed in place (no copy of its bytes) and written back exactly. Re-serialising is not
/// byte-exact for malformed mail (a header block without the blank line gains one, an unterminated multipart gains a
/// closing boundary, a message starting with a folded line cannot be parsed at all); such bytes are carried whole as
/// the raw field of one header, which MimeKit writes as is. Every candidate is checked by writing it with APPEND's
/// format options and comparing with the expected bytes; a message that neither form sends exactly is reported
/// instead of being altered.
/// </remarks>
public static class AppendMessage
{
    private static readonly FormatOptions AppendFormat = CreateAppendFormat();

    /// <summary>Builds the message to APPEND for <paramref name="data"/>, or null with the reason when no form is byte-exact.</summary>
    /// <param name="data">The exact message bytes.</param>
    /// <param name="problem">Why the message cannot be sent unchanged, when null is returned.</param>
    public static MimeMessage? Create(byte[] data, out string? problem)
    {
        problem = null;
        byte[] expected = WithCrLf(data);
        if (expected.Length == 0)
        {
            problem = "the message is empty (0 bytes)";
            return null;
        }
        // MailKit's APPEND always ends a message with a line break (EnsureNewLine): one without gains a final CRLF.
        if (!EndsWithCrLf(expected)) expected = [.. expected, (byte)'\r', (byte)'\n'];
        // A well-formed message parsed in place (persistent: the parts point into data, no copy) usually writes back
        // exactly; malformed mail does not, and is carried whole instead.
        string? parseError = null;
        try
        {
            var parsed = MimeMessage.Load(new MemoryStream(data, writable: false), persistent: true);
            if (WritesExactly(parsed, expected)) return parsed;
        }
        catch (FormatException e)
        {
            parseError = e.Message;
        }
        // HeaderList.WriteTo ends the header block with one newline: carry everything but the final CRLF.
        var raw = new MimeMessage();
        raw.Headers.Clear();
        raw.Headers.Add(new RawBytesHeader(expected[..^2]));
        if (WritesExactly(raw, expected)) return raw;
        problem = parseError is null
            ? "the message cannot be re-sent byte-exact (MimeKit would change its structure)"
            : $"the message cannot be parsed ({parseError})";
        return null;
    }

    private static bool EndsWithCrLf(byte[] data) => data.Length >= 2 && data[^2] == '\r' && data[^1] == '\n';

    /// <summary>The bytes with every bare LF turned into CRLF (the form APPEND sends); the same array when there is none.</summary>
    public static byte[] WithCrLf(byte[] data)
    {
        int bare = 0;
        for (int i = 0; i < data.Length; i++)
            if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) bare++;
        if (bare == 0) return data;
        var output = new byte[data.Length + bare];
        for (int i = 0, k = 0; i < data.Length; i++)
        {
            if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) output[k++] = (byte)'\r';
            output[k++] = data[i];
        }
        return output;
    }

    private static FormatOptions CreateAppendFormat()
    {
        // What MailKit's ImapFolder.Append uses for a message: the default options, CRLF line ends, a final newline.
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.EnsureNewLine = true;
        return format;
    }

    private static bool WritesExactly(MimeMessage message, byte[] expected)
    {
        using var compare = new ComparingStream(expected);
        message.WriteTo(AppendFormat, compare);
        return compare.Matches;
    }

    /// <summary>A header whose raw field is the whole message (written verbatim, without a colon or value).</summary>
    private sealed class RawBytesHeader(byte[] raw) : Header(ParserOptions.Default, raw, 0, [], true);

    /// <summary>A write-only stream that checks the bytes written against an expected array without storing them.</summary>
    private sealed class ComparingStream(byte[] expected) : Stream
    {
        private long _position;
        private bool _differs;

        public bool Matches => !_differs && _position == expected.Length;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_differs) return;
            if (_position + buffer.Length > expected.Length || !buffer.SequenceEqual(expected.AsSpan((int)_position, buffer.Length)))
                _differs = true;
            _position += buffer.Length;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _position;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
