using System.Text;
using MailKit;

namespace ImapTools.Common.Sync;

/// <summary>
/// Flag comparison for one-way sync and audits: the system flags (\Seen \Answered \Flagged \Deleted \Draft, never
/// \Recent) and the keywords the destination folder can store, compared case-insensitively (IMAP flags are
/// case-insensitive, so a server that reports <c>\SEEN</c> or <c>$label1</c> never causes endless updates).
/// </summary>
public static class SyncFlags
{
    /// <summary>The system flags that are synchronised.</summary>
    public const MessageFlags SystemFlags = MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Deleted | MessageFlags.Draft;

    /// <summary>True when <paramref name="folder"/> (opened) can store the keyword <paramref name="keyword"/> (PERMANENTFLAGS).</summary>
    public static bool CanStore(IMailFolder folder, string keyword)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.PermanentFlags == MessageFlags.None || folder.PermanentFlags.HasFlag(MessageFlags.UserDefined)
            || folder.PermanentKeywords.Contains(keyword);
    }

    /// <summary>The keywords of a message as a case-insensitive set (entries starting with a backslash are dropped).</summary>
    public static HashSet<string> Keywords(IEnumerable<string> keywords, Func<string, bool>? keep = null) =>
        new((keywords ?? []).Where(k => k.Length > 0 && k[0] != '\\' && (keep?.Invoke(k) ?? true)), StringComparer.OrdinalIgnoreCase);

    /// <summary>True when both sides have the same system flags and (case-insensitively) the same keywords.</summary>
    public static bool Equal(MessageFlags a, IEnumerable<string> aKeywords, MessageFlags b, IEnumerable<string> bKeywords) =>
        (a & SystemFlags) == (b & SystemFlags) && Keywords(aKeywords).SetEquals(Keywords(bKeywords));

    /// <summary>The flags as IMAP text, e.g. <c>\Seen \Flagged $Label1</c> (system flags first, then keywords in ordinal order).</summary>
    public static string Format(MessageFlags flags, IEnumerable<string> keywords)
    {
        var sb = new StringBuilder();
        void Add(string s) { if (sb.Length > 0) sb.Append(' '); sb.Append(s); }
        if (flags.HasFlag(MessageFlags.Answered)) Add("\\Answered");
        if (flags.HasFlag(MessageFlags.Deleted)) Add("\\Deleted");
        if (flags.HasFlag(MessageFlags.Draft)) Add("\\Draft");
        if (flags.HasFlag(MessageFlags.Flagged)) Add("\\Flagged");
        if (flags.HasFlag(MessageFlags.Seen)) Add("\\Seen");
        foreach (var k in Keywords(keywords).Order(StringComparer.Ordinal)) Add(k);
        return sb.ToString();
    }
}
