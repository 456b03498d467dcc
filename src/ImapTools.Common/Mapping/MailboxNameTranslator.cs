using System.Text.RegularExpressions;

namespace ImapTools.Common.Mapping;

/// <summary>The imapcopy options that change destination mailbox names.</summary>
/// <param name="Root">-p: put every copied mailbox under this destination mailbox (given without the destination prefix).</param>
/// <param name="GmailSource">-G: the source is Gmail; a leading <c>[Gmail]</c> becomes <c>Gmail</c> and the
/// delimiter-character substitution is not done.</param>
/// <param name="StripGmail">-g was given (any value): the first <c>[Gmail]</c> is deleted from every destination name
/// (legacy side effect, kept on purpose).</param>
public sealed record NameTranslationOptions(string? Root = null, bool GmailSource = false, bool StripGmail = false);

/// <summary>
/// imapcopy's source → destination mailbox name algorithm (spec §5.4 steps 1-11), with one fix (Q3): the
/// substitution of destination-delimiter characters by <c>_</c> applies to source names only, never to map-file
/// targets, so a nested target such as <c>Archive/Old</c> keeps its hierarchy.
/// Names are plain Unicode strings (MailKit decodes modified UTF-7 for us).
/// </summary>
/// <remarks>
/// Prefix removal keeps the original's regular-expression semantics for one character: a <c>.</c> in a prefix matches
/// any character (so the prefix <c>INBOX.</c> also strips <c>INBOX/</c> from a map target written with <c>/</c>).
/// </remarks>
public sealed class MailboxNameTranslator
{
    private static readonly Regex SpaceBeforeSlash = new(@"\s+/", RegexOptions.CultureInvariant);
    private const string Gmail = "[Gmail]";
    private readonly MailboxNamespace _source;
    private readonly MailboxNamespace _destination;
    private readonly MailboxMap? _map;
    private readonly NameTranslationOptions _options;

    /// <summary>Creates a translator.</summary>
    /// <param name="source">The source personal namespace (NAMESPACE or -x).</param>
    /// <param name="destination">The destination personal namespace (NAMESPACE or -y).</param>
    /// <param name="map">The -M map, or null.</param>
    /// <param name="options">-p, -G and -g.</param>
    public MailboxNameTranslator(MailboxNamespace source, MailboxNamespace destination, MailboxMap? map, NameTranslationOptions options)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
        _map = map;
        _options = options ?? new NameTranslationOptions();
    }

    /// <summary>The full destination name of the -p root mailbox (destination prefix + root), or null without -p.</summary>
    public string? RootMailbox => _options.Root is null ? null : _destination.Prefix + _options.Root;

    /// <summary>Translates one full source mailbox name (as listed by the source server) into the destination name.</summary>
    /// <param name="sourceName">The full source name, prefix included.</param>
    /// <returns>The destination name to CREATE/SELECT/APPEND to.</returns>
    public string Translate(string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        string sp = _source.Prefix, dp = _destination.Prefix;
        char sd = _source.Delimiter, dd = _destination.Delimiter;
        string? root = _options.Root;

        // 1. Map file.
        string s = sourceName;
        bool mapped = _map is not null && _map.TryMap(sourceName, out s);

        // 2. Destination-delimiter characters inside a source name become '_' (source names only: Q3 fix).
        if (!mapped && sd != dd && !_options.GmailSource && s.Contains(dd)
            && !s.Contains(Gmail + "/", StringComparison.Ordinal))
            s = s.Replace(dd, '_');

        // 3. Strip the source prefix.
        s = StripPrefix(s, sp);
        // 4. "\<sd>" becomes dd (kept from the original; practically never matters).
        s = s.Replace("\\" + sd, dd.ToString(), StringComparison.Ordinal);

        string result;
        if (sp == dp && sd == dd)
        {
            // 5. Same namespace.
            result = MailboxNameComparer.IsInbox(s) ? s : sp + s;
            if (root is not null)
            {
                result = StripLeading(StripPrefix(result, dp), dd);
                result = (dp + root + dd + result).Replace("\\", "", StringComparison.Ordinal);   // INBOX stays a child of the root
            }
        }
        else
        {
            // 6. Different namespaces.
            s = StripPrefix(s, sp);
            if (sd != dd)
                s = s.Replace(sd, dd).Replace("\\", "", StringComparison.Ordinal);
            if (sp != dp)
            {
                s = StripLeading(StripPrefix(s, sp), dd);
                if (!MailboxNameComparer.IsInbox(s)) s = dp + s;
            }
            if (root is not null)
            {
                s = StripLeading(StripPrefix(s, dp), dd);
                // INBOX becomes the root itself.
                s = MailboxNameComparer.IsInbox(s) ? dp + root : dp + root + dd + s;
                s = s.Replace("\\", "", StringComparison.Ordinal);
            }
            result = s;
        }
        return PostProcess(result, dp);
    }

    private string PostProcess(string name, string dp)
    {
        // 7. Trailing whitespace.
        name = name.TrimEnd();
        // 8. Leading INBOX?INBOX -> INBOX (customer workaround). Unlike the original, "INBOX.INBOXES" is left alone.
        if (name.Length >= 11 && name.StartsWith("INBOX", StringComparison.Ordinal)
            && string.CompareOrdinal(name, 6, "INBOX", 0, 5) == 0
            && (name.Length == 11 || !char.IsLetterOrDigit(name[11])))
            name = "INBOX" + name[11..];
        // 9. -G: a leading [Gmail] (after the destination prefix) becomes Gmail.
        if (_options.GmailSource)
        {
            string rest = StripPrefix(name, dp);
            if (rest.StartsWith(Gmail, StringComparison.Ordinal))
                name = name[..(name.Length - rest.Length)] + "Gmail" + rest[Gmail.Length..];
        }
        // 10. No whitespace before '/'.
        name = SpaceBeforeSlash.Replace(name, "/");
        // 11. -g side effect: delete the first [Gmail].
        if (_options.StripGmail)
        {
            int at = name.IndexOf(Gmail, StringComparison.Ordinal);
            if (at >= 0) name = name.Remove(at, Gmail.Length);
        }
        return name;
    }

    /// <summary>Removes <paramref name="prefix"/> from the start of <paramref name="s"/>; a '.' in the prefix matches any character but LF (Perl regex semantics of the original).</summary>
    internal static string StripPrefix(string s, string prefix)
    {
        if (prefix.Length == 0 || s.Length < prefix.Length) return s;
        for (int i = 0; i < prefix.Length; i++)
        {
            bool ok = prefix[i] == '.' ? s[i] != '\n' : s[i] == prefix[i];
            if (!ok) return s;
        }
        return s[prefix.Length..];
    }

    private static string StripLeading(string s, char c) => s.Length > 0 && s[0] == c ? s[1..] : s;
}
