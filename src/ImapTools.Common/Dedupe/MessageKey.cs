using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace ImapTools.Common.Dedupe;

/// <summary>
/// The key that identifies a message across servers for update mode and dedupe (spec imapcopy §6.1): the Message-ID
/// value, trimmed, brackets kept, case-sensitive. A message without one gets the legacy synthetic key (Date + Subject +
/// From, stripped) followed by <c>#</c> and 16 hex digits of a SHA-256 over all its header fields, so a re-run never
/// copies it twice and two different such messages never collapse into one.
/// </summary>
public static class MessageKey
{
    private static readonly Regex NonWord = new(@"\W", RegexOptions.CultureInvariant);
    private static readonly Regex Space = new(@"\s", RegexOptions.CultureInvariant);

    /// <summary>Computes the key of a message from its header.</summary>
    public static string Compute(HeaderList? headers)
    {
        if (headers is null) return "#nohdr";
        int index = headers.IndexOf(HeaderId.MessageId);
        if (index >= 0)
        {
            string id = Unfold(headers[index]).Trim();
            if (id.Length > 0) return id;
        }
        string synthetic = Synthetic(First(headers, HeaderId.Date), First(headers, HeaderId.Subject), First(headers, HeaderId.From));
        return synthetic + "#" + HeaderHash(headers);
    }

    /// <summary>
    /// The legacy synthetic key: Date and Subject with non-word characters removed, then From; all whitespace removed;
    /// then <c>+ &lt; &gt; ? * " ' ( )</c> and (imapcopy) <c>@ [ ]</c> removed.
    /// </summary>
    public static string Synthetic(string? date, string? subject, string? from, bool removeAtAndBrackets = true)
    {
        string key = NonWord.Replace(date ?? "", "") + NonWord.Replace(subject ?? "", "") + (from ?? "");
        key = Space.Replace(key, "");
        string remove = removeAtAndBrackets ? "+<>?*\"'()@[]" : "+<>?*\"'()";
        return string.Concat(key.Where(c => !remove.Contains(c)));
    }

    private static string? First(HeaderList headers, HeaderId id)
    {
        int i = headers.IndexOf(id);
        return i < 0 ? null : Unfold(headers[i]);
    }

    /// <summary>The header value as raw text with folding removed (8-bit bytes read as UTF-8).</summary>
    private static string Unfold(Header header)
    {
        string raw = Encoding.UTF8.GetString(header.RawValue);
        return raw.Replace("\r", "").Replace("\n", "");
    }

    private static string HeaderHash(HeaderList headers)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var h in headers)
        {
            sha.AppendData(Encoding.ASCII.GetBytes(h.Field + ":"));
            sha.AppendData(h.RawValue.Where(b => b != (byte)'\r').ToArray());
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
