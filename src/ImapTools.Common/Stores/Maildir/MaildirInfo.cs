using System.Text;
using MailKit;

namespace ImapTools.Common.Stores.Maildir;

/// <summary>
/// The Maildir info suffix <c>:2,&lt;letters&gt;</c> (cr.yp.to/proto/maildir.html): D \Draft, F \Flagged,
/// P passed ($Forwarded, read only), R \Answered, S \Seen, T \Deleted, and a–z for the keywords listed in
/// <c>dovecot-keywords</c>; letters in ASCII order.
/// </summary>
public static class MaildirInfo
{
    /// <summary>The system-flag letters, D F R S T, sorted.</summary>
    public static string FlagLetters(MessageFlags flags)
    {
        var sb = new StringBuilder();
        if (flags.HasFlag(MessageFlags.Draft)) sb.Append('D');
        if (flags.HasFlag(MessageFlags.Flagged)) sb.Append('F');
        if (flags.HasFlag(MessageFlags.Answered)) sb.Append('R');
        if (flags.HasFlag(MessageFlags.Seen)) sb.Append('S');
        if (flags.HasFlag(MessageFlags.Deleted)) sb.Append('T');
        return sb.ToString();
    }

    /// <summary>
    /// Splits a Maildir file name into its unique part and its info letters. Accepts <c>:2,</c> (and <c>!2,</c> or
    /// <c>;2,</c> as written on file systems without colons) and imap_to_maildir's legacy bare <c>:2</c>.
    /// </summary>
    /// <returns>The letters after <c>2,</c>, or an empty string when the name has no info.</returns>
    public static string Letters(string fileName)
    {
        foreach (char separator in ":!;")
        {
            int i = fileName.LastIndexOf(separator + "2", StringComparison.Ordinal);
            if (i < 0) continue;
            string rest = fileName[(i + 2)..];
            if (rest.Length == 0) return "";
            if (rest[0] == ',') return rest[1..];
        }
        return "";
    }

    /// <summary>The system flags of the info letters (unknown upper-case letters are ignored).</summary>
    public static MessageFlags Flags(string letters)
    {
        var flags = MessageFlags.None;
        foreach (char c in letters)
        {
            flags |= c switch
            {
                'D' => MessageFlags.Draft,
                'F' => MessageFlags.Flagged,
                'R' => MessageFlags.Answered,
                'S' => MessageFlags.Seen,
                'T' => MessageFlags.Deleted,
                _ => MessageFlags.None,
            };
        }
        return flags;
    }
}
