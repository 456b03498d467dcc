using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace ImapTools.Common.Dedupe;

/// <summary>
/// The key that identifies a message across servers and runs (imapcopy spec §6.1; used by -U, -s, -f, -l, -Z and
/// imapcopy.skip): the Message-ID header value, trimmed, angle brackets kept, compared case-sensitively.
/// </summary>
/// <remarks>
/// A message without a Message-ID (or with an empty one) gets the legacy synthetic key (<see cref="Synthetic"/>)
/// followed by <c>#</c> and the first 16 hex digits (lower case) of a SHA-256 over all its header fields in order
/// (field name, <c>:</c>, raw value bytes with every CR removed). The suffix keeps two different ID-less messages with
/// the same Date, Subject and From apart, and is identical for the same message on source and destination (and for
/// CRLF and LF forms of it). For the suffix to tell such messages apart the caller must pass the complete header.
/// </remarks>
public static class MessageKey
{
    private const string PerlWhitespace = " \t\n\r\f\v";
    private const string RemovedChars = "+<>?*\"'()";
    private const string RemovedAtAndBrackets = "@[]";
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Computes the key of a message from its header fields.</summary>
    /// <param name="headers">The message header (parsed by MimeKit, raw bytes preserved).</param>
    /// <returns>The Message-ID text (e.g. <c>&lt;abc@host&gt;</c>) or the synthetic key with its <c>#</c> hash suffix.</returns>
    public static string Compute(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        int index = headers.IndexOf(HeaderId.MessageId);
        if (index >= 0)
        {
            string id = MessageIdText(headers[index]);
            if (id.Length > 0) return id;
        }
        string synthetic = Synthetic(FirstLine(headers, HeaderId.Date), FirstLine(headers, HeaderId.Subject), FirstLine(headers, HeaderId.From));
        return synthetic + "#" + HeaderHash(headers);
    }

    /// <summary>
    /// True when <see cref="Compute"/> needs the complete header: the message has no usable Message-ID, so its key is the
    /// synthetic one with a hash over all header fields. Otherwise the Message-ID field alone decides the key.
    /// </summary>
    /// <param name="headers">The header fields fetched so far (at least Message-ID when the message has one).</param>
    public static bool NeedsCompleteHeader(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        int index = headers.IndexOf(HeaderId.MessageId);
        return index < 0 || MessageIdText(headers[index]).Length == 0;
    }

    /// <summary>
    /// The legacy synthetic key: Date with non-word characters removed + Subject with non-word characters removed +
    /// From; then all whitespace removed; then the characters <c>+ &lt; &gt; ? * " ' ( )</c> and, unless
    /// <paramref name="removeAtAndBrackets"/> is false, <c>@ [ ]</c> removed. "Word" characters are ASCII
    /// <c>[A-Za-z0-9_]</c>, as in the original, which worked on bytes.
    /// </summary>
    /// <param name="date">The first line of the Date value, or null.</param>
    /// <param name="subject">The first line of the Subject value, or null.</param>
    /// <param name="from">The first line of the From value, or null.</param>
    /// <param name="removeAtAndBrackets">True for imapcopy; false for migrateIMAP, imapsync and imap_audit.</param>
    /// <returns>The synthetic key (may be empty).</returns>
    public static string Synthetic(string? date, string? subject, string? from, bool removeAtAndBrackets = true)
    {
        var sb = new StringBuilder();
        foreach (char c in (date ?? "") + (subject ?? ""))
            if (IsAsciiWord(c)) sb.Append(c);
        foreach (char c in from ?? "")
        {
            if (PerlWhitespace.Contains(c) || RemovedChars.Contains(c)) continue;
            if (removeAtAndBrackets && RemovedAtAndBrackets.Contains(c)) continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool IsAsciiWord(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';

    /// <summary>
    /// The Message-ID text: each physical line trimmed, lines concatenated until the text ends with <c>&gt;</c>.
    /// For a one-line ID this is the trimmed value; for <c>Message-ID:</c> followed by the ID on the next line it is
    /// the original's result; an ID folded in its middle is joined instead of being cut at the fold.
    /// </summary>
    private static string MessageIdText(Header header)
    {
        var sb = new StringBuilder();
        foreach (string line in DecodeBytes(header.RawValue).Split('\n'))
        {
            sb.Append(line.Trim());
            if (sb.Length > 0 && sb[^1] == '>') break;
        }
        return sb.ToString();
    }

    internal static string? FirstLine(HeaderList headers, HeaderId id)
    {
        int i = headers.IndexOf(id);
        if (i < 0) return null;
        string value = DecodeBytes(headers[i].RawValue);
        int nl = value.IndexOf('\n');
        return (nl < 0 ? value : value[..nl]).Trim();
    }

    /// <summary>Header bytes as text: UTF-8 when valid, otherwise Latin-1 (one character per byte).</summary>
    internal static string DecodeBytes(byte[] bytes)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return Encoding.Latin1.GetString(bytes); }
    }

    private static string HeaderHash(HeaderList headers)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (Header header in headers)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(header.Field + ":"));
            byte[] raw = header.RawValue;
            int start = 0;
            for (int i = 0; i <= raw.Length; i++)
            {
                if (i == raw.Length || raw[i] == (byte)'\r')
                {
                    if (i > start) sha.AppendData(raw, start, i - start);
                    start = i + 1;
                }
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
