using MimeKit;

namespace ImapTools.Common.Copy.Imap;

/// <summary>
/// Turns a message's exact bytes into the <see cref="MimeMessage"/> that MailKit's APPEND sends, without parsing or
/// re-serialising it: the literal is the fetched bytes, each bare LF sent as CRLF (IMAP's line end).
/// </summary>
/// <remarks>
/// MailKit writes an APPEND literal with <see cref="MimeMessage.WriteTo(FormatOptions, Stream, CancellationToken)"/>
/// twice (once to measure it, once to send it). The message built here holds the header block as one raw header field
/// (MimeKit writes a field it could not parse verbatim) and the body as a <see cref="RawBody"/> that writes its bytes
/// straight from the fetched array. So malformed mail (a first line that is folded, an unterminated multipart, NUL or
/// 8-bit bytes) goes out exactly as it came in, and a message costs a copy of its header instead of a MIME parse and two
/// full serialisations. One change is left: a message that is a header block without the blank line and without a final
/// line break gains a final CRLF (MimeKit ends a header block with one).
/// </remarks>
public static class AppendMessage
{
    private static ReadOnlySpan<byte> BlankLine => "\r\n\r\n"u8;

    /// <summary>Builds the message to APPEND for <paramref name="data"/>, or null with the reason when it cannot be sent.</summary>
    /// <param name="data">The exact message bytes.</param>
    /// <param name="problem">Why the message cannot be sent, when null is returned.</param>
    public static MimeMessage? Create(byte[] data, out string? problem)
    {
        problem = null;
        if (data.Length == 0)
        {
            problem = "the message is empty (0 bytes)";
            return null;
        }
        byte[] bytes = MessageText.ToCrLf(data);
        var message = new MimeMessage((IEnumerable<Header>)[]);
        if (bytes.AsSpan().StartsWith("\r\n"u8))
        {
            // An empty header block: MimeKit writes the blank line, the body follows.
            message.Body = new RawBody(bytes, 2);
            return message;
        }
        int blank = bytes.AsSpan().IndexOf(BlankLine);
        if (blank < 0)
        {
            // Only a header block: MimeKit writes the field, then ends the block with CRLF.
            int end = bytes.AsSpan().EndsWith("\r\n"u8) ? bytes.Length - 2 : bytes.Length;
            message.Headers.Add(new RawField(bytes[..end]));
            return message;
        }
        // The header lines (each with its CRLF) as one field; MimeKit then writes the blank line and the body.
        message.Headers.Add(new RawField(bytes[..(blank + 2)]));
        message.Body = new RawBody(bytes, blank + 4);
        return message;
    }

    /// <summary>A header whose raw field is a run of header lines (written verbatim, without a colon or value).</summary>
    private sealed class RawField(byte[] raw) : Header(ParserOptions.Default, raw, 0, [], true);

    /// <summary>
    /// A message body that writes a range of an array exactly, whatever the format options: no line-end filter, no
    /// added final newline. It has no headers of its own.
    /// </summary>
    public sealed class RawBody : MimeEntity
    {
        private readonly byte[] _data;
        private readonly int _offset;

        /// <summary>The body is <paramref name="data"/> from <paramref name="offset"/> on (not copied).</summary>
        public RawBody(byte[] data, int offset) : base(new ContentType("application", "octet-stream"))
        {
            _data = data;
            _offset = offset;
            Headers.Clear();
        }

        /// <summary>The body's length in bytes.</summary>
        public int Length => _data.Length - _offset;

        /// <summary>Keeps the header list empty: nothing is derived from it.</summary>
        protected override void OnHeadersChanged(HeaderListChangedAction action, Header? header)
        {
        }

        /// <summary>Nothing to prepare: the bytes are sent as they are.</summary>
        public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78)
        {
        }

        /// <inheritdoc />
        public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly = false, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stream.Write(_data, _offset, Length);
        }

        /// <inheritdoc />
        public override Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly = false, CancellationToken cancellationToken = default) =>
            stream.WriteAsync(_data, _offset, Length, cancellationToken);
    }
}
