using System.Text;
using MailKit;

namespace ImapTools.Common.Stores.Dump;

/// <summary>
/// imapdump's flag letters in file names (spec imapdump §3.4): <c>S</c> \Seen, <c>A</c> \Answered, <c>F</c> \Flagged,
/// <c>D</c> \Deleted, <c>d</c> \Draft, and <c>$keyword$</c> for a <c>$</c> keyword (only with <c>-C</c>).
/// </summary>
public static class DumpFlagLetters
{
    /// <summary>The letters of the system flags, in the fixed order S A F D d, plus <c>$kw$</c> for <c>$</c> keywords when asked.</summary>
    public static string Encode(MessageFlags flags, IEnumerable<string> keywords, bool includeKeywords)
    {
        var sb = new StringBuilder();
        if (flags.HasFlag(MessageFlags.Seen)) sb.Append('S');
        if (flags.HasFlag(MessageFlags.Answered)) sb.Append('A');
        if (flags.HasFlag(MessageFlags.Flagged)) sb.Append('F');
        if (flags.HasFlag(MessageFlags.Deleted)) sb.Append('D');
        if (flags.HasFlag(MessageFlags.Draft)) sb.Append('d');
        if (includeKeywords)
            foreach (string k in keywords.Order(StringComparer.Ordinal))
                if (k.Length > 1 && k[0] == '$' && k.IndexOf('$', 1) < 0 && k.IndexOfAny(['/', ',']) < 0)
                    sb.Append(k).Append('$');
        return sb.ToString();
    }

    /// <summary>
    /// Reads the flag text after the last comma of a file name (<c>1,S</c>, <c>7,SAd</c>, <c>9,S$Forwarded$</c>).
    /// Returns false when the name has no comma or the text is not made of flag letters (then it is part of the name).
    /// </summary>
    public static bool TryDecode(string fileName, out MessageFlags flags, out HashSet<string> keywords)
    {
        flags = MessageFlags.None;
        keywords = new HashSet<string>(StringComparer.Ordinal);
        int comma = fileName.LastIndexOf(',');
        if (comma < 0) return false;
        string text = fileName[(comma + 1)..];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case 'S': flags |= MessageFlags.Seen; break;
                case 'A': flags |= MessageFlags.Answered; break;
                case 'F': flags |= MessageFlags.Flagged; break;
                case 'D': flags |= MessageFlags.Deleted; break;
                case 'd': flags |= MessageFlags.Draft; break;
                case '$':
                    int end = text.IndexOf('$', i + 1);
                    if (end <= i + 1) return false;
                    keywords.Add(text[i..end]);
                    i = end;
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>The file name without its flag suffix (everything before the last comma when <see cref="TryDecode"/> accepts it).</summary>
    public static string WithoutFlags(string fileName) =>
        TryDecode(fileName, out _, out _) ? fileName[..fileName.LastIndexOf(',')] : fileName;
}
