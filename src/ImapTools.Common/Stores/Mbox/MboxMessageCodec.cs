using System.Text;
using ImapTools.Common.Copy;
using MailKit;

namespace ImapTools.Common.Stores.Mbox;

/// <summary>A message read from an mbox file, in IMAP form.</summary>
/// <param name="Data">The message bytes with CRLF line ends, unquoted, without the writer's status fields.</param>
/// <param name="Headers">The header fields of <paramref name="Data"/>.</param>
/// <param name="Flags">The flags and keywords the file recorded.</param>
/// <param name="InternalDate">The internal date the file recorded, or null.</param>
public sealed record MboxDecodedMessage(byte[] Data, IReadOnlyList<RawHeader> Headers, MboxFlagInfo Flags, DateTimeOffset? InternalDate);

/// <summary>Turns an IMAP message into an mbox record and back (the byte-exact round trip lives here).</summary>
public static class MboxMessageCodec
{
    /// <summary>
    /// Builds the mbox record of a message: the From_ line (envelope sender, internal date in UTC asctime), the message
    /// with CRLF → LF, the status fields (<c>Status</c>, <c>X-Status</c>, <c>X-Keywords</c>) appended to its header,
    /// mboxrd quoting of <c>^&gt;*From </c> lines, a final line end if it had none, and the separating empty line.
    /// </summary>
    public static byte[] Encode(MessageContent content)
    {
        var data = content.Data;
        var headers = RawHeader.Parse(data, out int headerEnd);
        var date = content.Record.InternalDate
                   ?? (headers.FirstOrDefault(h => h.Is("Date")) is { } d && MimeKit.Utils.DateUtils.TryParse(d.Value, out var parsed) ? parsed : DateTimeOffset.UtcNow);
        string fromLine = MboxFromLine.Format(MboxFromLine.EnvelopeSender(headers), date) + "\n";
        string status = StatusHeaderDialect.Lines(content.Record.Flags, content.Record.Keywords);

        using var message = new MemoryStream(data.Length + 128);
        message.Write(data, 0, headerEnd);
        if (headerEnd > 0 && data[headerEnd - 1] != (byte)'\n') message.WriteByte((byte)'\n');
        message.Write(Encoding.ASCII.GetBytes(status.Replace("\n", "\r\n", StringComparison.Ordinal)));
        message.Write(data, headerEnd, data.Length - headerEnd);
        var body = MboxText.Quote(MboxText.ToLf(message.ToArray()));

        using var record = new MemoryStream(body.Length + fromLine.Length + 2);
        record.Write(Encoding.UTF8.GetBytes(fromLine));
        record.Write(body);
        if (body.Length == 0 || body[^1] != (byte)'\n') record.WriteByte((byte)'\n');
        record.WriteByte((byte)'\n');
        return record.ToArray();
    }

    /// <summary>
    /// Reads one message of an mbox file: <paramref name="region"/> is the text between its From_ line and the next one
    /// (the separating empty line already removed). Unquotes (when the dialect says so), converts to CRLF, reads and
    /// removes the dialect's status fields, and takes the internal date from the From_ line or the Date: header.
    /// </summary>
    public static MboxDecodedMessage Decode(ReadOnlySpan<byte> region, string fromLine, MboxDialect dialect)
    {
        var data = MessageText.ToCrLf(dialect.Unquote ? MboxText.Unquote(region) : region);
        var headers = RawHeader.Parse(data, out _);
        var flags = dialect.ReadFlags(headers);
        if (flags.Remove.Count > 0)
        {
            var remove = flags.Remove.OrderBy(h => h.Start).ToList();
            using var kept = new MemoryStream(data.Length);
            int pos = 0;
            foreach (var h in remove)
            {
                kept.Write(data, pos, h.Start - pos);
                pos = h.End;
            }
            kept.Write(data, pos, data.Length - pos);
            data = kept.ToArray();
            headers = RawHeader.Parse(data, out _);
        }
        var date = dialect.InternalDate(MboxFromLine.ParseDate(fromLine), headers);
        return new MboxDecodedMessage(data, headers, flags, date);
    }
}
