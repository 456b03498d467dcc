using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace ImapTools.Common.Dedupe;

/// <summary>What makes two messages of one mailbox duplicates (delIMAPdups).</summary>
public enum DuplicateKeyKind
{
    /// <summary>The value of one header field (default Message-ID; <c>-F</c>), compared case-insensitively.</summary>
    Header,
    /// <summary>The header value plus the server's INTERNALDATE (<c>-u</c>).</summary>
    HeaderAndInternalDate,
    /// <summary>The MD5 of the body as the original computed it (<c>-H</c>), see <see cref="DuplicateKey.BodyMd5"/>.</summary>
    BodyMd5,
    /// <summary>IMAPdedup's checksum: MD5 over From, To, Subject, Date and Cc (<c>--checksum</c>).</summary>
    Checksum,
}

/// <summary>The duplicate key of a run: its kind and, for header keys, the field.</summary>
/// <param name="Kind">The kind of key.</param>
/// <param name="Field">The header field for <see cref="DuplicateKeyKind.Header"/> and <see cref="DuplicateKeyKind.HeaderAndInternalDate"/>, as typed.</param>
public sealed record DuplicateKeySpec(DuplicateKeyKind Kind, string Field = "Message-ID")
{
    /// <summary>The header fields of IMAPdedup's checksum, in hashing order.</summary>
    public static readonly IReadOnlyList<string> ChecksumFields = ["From", "To", "Subject", "Date", "Cc"];

    /// <summary>The words after "Looking for duplicate messages using " in the legacy output.</summary>
    public string Description => Kind switch
    {
        DuplicateKeyKind.BodyMd5 => "an MD5-digest hash of the body",
        DuplicateKeyKind.Checksum => "a checksum of From, To, Subject, Date and Cc",
        _ => "the " + Field,
    };

    /// <summary>The header fields to fetch (BODY.PEEK[HEADER.FIELDS (…)]); empty for <see cref="DuplicateKeyKind.BodyMd5"/>.</summary>
    public IReadOnlyList<string> HeaderFields => Kind switch
    {
        DuplicateKeyKind.BodyMd5 => [],
        DuplicateKeyKind.Checksum => ChecksumFields,
        _ => [Field],
    };

    /// <summary>True when the key needs the message's INTERNALDATE.</summary>
    public bool NeedsInternalDate => Kind == DuplicateKeyKind.HeaderAndInternalDate;
}

/// <summary>
/// Computes delIMAPdups keys (spec delIMAPdups §4.2, §4.4). A null key means "never a duplicate" (e.g. the
/// message lacks the header).
/// </summary>
public static class DuplicateKey
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>
    /// The key of a message from its fetched header fields (and INTERNALDATE for <see cref="DuplicateKeyKind.HeaderAndInternalDate"/>).
    /// Header keys use the <b>first</b> occurrence of the field (case-insensitive name), unfolded, trimmed and
    /// lower-cased; a missing or empty field gives null.
    /// </summary>
    /// <param name="spec">The run's key.</param>
    /// <param name="headers">The fetched header fields.</param>
    /// <param name="internalDate">The INTERNALDATE, needed for <see cref="DuplicateKeyKind.HeaderAndInternalDate"/>.</param>
    /// <exception cref="ArgumentException"><see cref="DuplicateKeyKind.BodyMd5"/> keys come from <see cref="BodyMd5"/>.</exception>
    public static string? FromHeaders(DuplicateKeySpec spec, HeaderList headers, DateTimeOffset? internalDate = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(headers);
        switch (spec.Kind)
        {
            case DuplicateKeyKind.Checksum:
                return Checksum(headers);
            case DuplicateKeyKind.BodyMd5:
                throw new ArgumentException("body keys are computed from the message bytes", nameof(spec));
        }
        string? value = FieldValue(headers, spec.Field);
        if (string.IsNullOrEmpty(value)) return null;
        value = value.ToLowerInvariant();
        if (spec.Kind == DuplicateKeyKind.HeaderAndInternalDate)
            value += " " + (internalDate is { } d ? InternalDateText(d) : "");
        return value;
    }

    /// <summary>
    /// IMAPdedup's checksum: lower-case hex MD5 over <c>From:v</c>, <c>To:v</c>, <c>Subject:v</c>, <c>Date:v</c>,
    /// <c>Cc:v</c> (UTF-8), each v the unfolded, trimmed first value of the field or empty when absent.
    /// </summary>
    public static string Checksum(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var sb = new StringBuilder();
        foreach (string field in DuplicateKeySpec.ChecksumFields)
            sb.Append(field).Append(':').Append(FieldValue(headers, field) ?? "");
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>
    /// The original's <c>-H</c> key: lower-case hex MD5 of the bytes from the header/body separator line (the first
    /// line that is empty or one byte long, normally the lone CR of CRLF CRLF) to the end of the message, with one
    /// final LF (trailing LFs collapsed, as Perl's split did). Null when the message has no separator line.
    /// Check: body <c>Hello body\r\n</c> gives md5(<c>\r\nHello body\r\n</c>) = <c>41515008df281a8726117bb2ee3fff81</c>.
    /// </summary>
    public static string? BodyMd5(ReadOnlySpan<byte> message)
    {
        int lineStart = 0;
        int separator = -1;
        while (lineStart < message.Length)
        {
            int nl = message[lineStart..].IndexOf((byte)'\n');
            int lineLength = nl < 0 ? message.Length - lineStart : nl;
            if (lineLength <= 1 && nl >= 0)
            {
                separator = lineStart;
                break;
            }
            if (nl < 0) break;
            lineStart += nl + 1;
        }
        if (separator < 0) return null;
        var tail = message[separator..];
        int end = tail.Length;
        while (end > 0 && tail[end - 1] == (byte)'\n') end--;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(tail[..end]);
        md5.AppendData("\n"u8);
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    /// <summary>INTERNALDATE as the server writes it: <c>20-Sep-2011 12:00:00 +0000</c>.</summary>
    public static string InternalDateText(DateTimeOffset date)
    {
        var offset = date.Offset;
        char sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("dd-MMM-yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
               + sign + offset.Hours.ToString("00", CultureInfo.InvariantCulture) + offset.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>The first value of <paramref name="field"/> (case-insensitive): physical lines trimmed and joined with one space.</summary>
    private static string? FieldValue(HeaderList headers, string field)
    {
        foreach (Header header in headers)
        {
            if (!header.Field.Equals(field, StringComparison.OrdinalIgnoreCase)) continue;
            string raw = Decode(header.RawValue);
            return string.Join(' ', raw.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        }
        return null;
    }

    /// <summary>Header bytes as text: UTF-8 when valid, otherwise Latin-1 (one character per byte).</summary>
    private static string Decode(byte[] bytes)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return Encoding.Latin1.GetString(bytes); }
    }
}
