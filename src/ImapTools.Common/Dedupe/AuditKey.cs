using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace ImapTools.Common.Dedupe;

/// <summary>
/// imap_audit's message key (spec imap_audit §6.2): the Message-ID, or — when there is none, when it ends in
/// <c>imapsync</c> (an ID invented by Lamiral's imapsync while copying) or always with <c>-g</c> — a synthetic key
/// built from Date (day zero-padded, time zone dropped, so servers that rewrite the zone still match), Subject and
/// From. The key is cut at its first whitespace, as the original compared it.
/// </summary>
public static partial class AuditKey
{
    /// <summary>The header fields the key needs (FETCH BODY.PEEK[HEADER.FIELDS (...)]).</summary>
    public static readonly HeaderId[] Fields = [HeaderId.MessageId, HeaderId.Date, HeaderId.Subject, HeaderId.From];

    /// <summary>Computes the key.</summary>
    /// <param name="headers">The message's header fields (at least <see cref="Fields"/>).</param>
    /// <param name="alwaysSynthetic"><c>-g</c>: ignore the Message-ID.</param>
    /// <returns>The key (may be empty for a message without any of the fields).</returns>
    public static string Compute(HeaderList headers, bool alwaysSynthetic = false)
    {
        ArgumentNullException.ThrowIfNull(headers);
        string? id = alwaysSynthetic ? null : MessageId(headers);
        if (id is not null && id.TrimEnd('>').EndsWith("imapsync", StringComparison.Ordinal)) id = null;
        string key = !string.IsNullOrEmpty(id) ? id
            : MessageKey.Synthetic(NormalizeDate(MessageKey.FirstLine(headers, HeaderId.Date)), MessageKey.FirstLine(headers, HeaderId.Subject),
                MessageKey.FirstLine(headers, HeaderId.From), removeAtAndBrackets: false);
        int ws = key.IndexOfAny([' ', '\t', '\r', '\n']);
        return ws < 0 ? key : key[..ws];
    }

    /// <summary>
    /// The audit's Date normalisation: a one-digit day of month (the second word) is zero-padded (its first occurrence
    /// in the text is replaced, as in the original) and everything after the first <c>hh:mm:ss</c> is dropped.
    /// </summary>
    public static string? NormalizeDate(string? date)
    {
        if (date is null) return null;
        string[] words = date.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 1 && words[1].Length == 1 && char.IsAsciiDigit(words[1][0]))
        {
            int at = date.IndexOf(words[1], StringComparison.Ordinal);
            date = date[..at] + "0" + date[at..];
        }
        var m = UpToTime().Match(date);
        return m.Success ? m.Value : date;
    }

    /// <summary>The subject as the server sent it (unfolded, trimmed), for report lines.</summary>
    public static string Subject(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        int i = headers.IndexOf(HeaderId.Subject);
        return i < 0 ? "" : MessageKey.DecodeBytes(headers[i].RawValue).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();
    }

    private static string? MessageId(HeaderList headers)
    {
        int i = headers.IndexOf(HeaderId.MessageId);
        if (i < 0) return null;
        var sb = new StringBuilder();
        foreach (string line in MessageKey.DecodeBytes(headers[i].RawValue).Split('\n'))
        {
            sb.Append(line.Trim());
            if (sb.ToString().Contains('>')) break;
        }
        return sb.ToString();
    }



    [GeneratedRegex(@"^.*?\d\d:\d\d:\d\d", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex UpToTime();
}
