using System.Text.RegularExpressions;

namespace ImapTools.Common.Mapping;

/// <summary>The -p, -G and -g options that change destination names.</summary>
/// <param name="Root">Put everything under this destination mailbox (-p).</param>
/// <param name="GmailSource">The source is Gmail (-G): a leading [Gmail] becomes Gmail, no '_' substitution.</param>
/// <param name="StripGmail">-g was given: the first "[Gmail]" is deleted from destination names (legacy side effect, kept).</param>
public sealed record NameTranslationOptions(string? Root = null, bool GmailSource = false, bool StripGmail = false);

/// <summary>
/// Turns a source mailbox name into the destination name (imapcopy spec §5.4): map file, delimiter and prefix
/// translation between the two namespaces, the -p root, and the legacy post-processing. Names are Unicode strings.
/// </summary>
public sealed class MailboxNameTranslator
{
    private static readonly Regex SpaceBeforeSlash = new(@"\s+/", RegexOptions.CultureInvariant);
    private readonly MailboxNamespace _src;
    private readonly MailboxNamespace _dst;
    private readonly MailboxMap? _map;
    private readonly NameTranslationOptions _options;

    /// <summary>Creates a translator.</summary>
    public MailboxNameTranslator(MailboxNamespace source, MailboxNamespace destination, MailboxMap? map, NameTranslationOptions options)
    {
        _src = source;
        _dst = destination;
        _map = map;
        _options = options;
    }

    /// <summary>The full destination name of the -p root (prefix + root), or null.</summary>
    public string? RootMailbox => _options.Root is null ? null : _dst.Prefix + _options.Root;

    private static bool IsInbox(string s) => s.Equals("INBOX", StringComparison.OrdinalIgnoreCase);

    private static string StripPrefix(string s, string prefix) =>
        prefix.Length > 0 && s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s;

    /// <summary>Translates one full source name.</summary>
    public string Translate(string sourceName)
    {
        char sd = _src.Delimiter, dd = _dst.Delimiter;
        string s = sourceName;
        bool mapped = _map is not null && _map.TryMap(sourceName, out s);
        if (mapped)
        {
            // A map target is written with the destination's hierarchy already ('/' became dd when the file was read):
            // only the destination prefix is added; no '_' substitution (Q3 fixed).
            s = StripPrefix(s, _dst.Prefix);
            return PostProcess(Place(s, dd));
        }
        if (!s.Contains("[Gmail]/", StringComparison.Ordinal) && sd != dd && !_options.GmailSource)
            s = s.Replace(dd, '_');
        s = StripPrefix(s, _src.Prefix);
        if (sd != dd) s = s.Replace(sd, dd);
        return PostProcess(Place(s, dd));
    }

    /// <summary>Adds the destination prefix and the -p root to a name relative to the namespace (INBOX never prefixed).</summary>
    private string Place(string relative, char dd)
    {
        bool sameNamespace = _src.Prefix == _dst.Prefix && _src.Delimiter == _dst.Delimiter;
        if (_options.Root is string root)
        {
            relative = relative.TrimStart(dd);
            if (IsInbox(relative))
                return sameNamespace ? _dst.Prefix + root + dd + "INBOX" : _dst.Prefix + root;
            return _dst.Prefix + root + dd + relative;
        }
        if (IsInbox(relative)) return "INBOX";
        return _dst.Prefix + relative.TrimStart(dd);
    }

    private string PostProcess(string name)
    {
        name = name.TrimEnd();
        if (name.Length >= 11 && name.StartsWith("INBOX", StringComparison.Ordinal) && name[6..].StartsWith("INBOX", StringComparison.Ordinal)
            && (name.Length == 11 || name[11] == _dst.Delimiter))
            name = "INBOX" + name[11..];
        if (_options.GmailSource)
        {
            string rest = StripPrefix(name, _dst.Prefix);
            if (rest.StartsWith("[Gmail]", StringComparison.Ordinal)) name = name[..(name.Length - rest.Length)] + "Gmail" + rest[7..];
        }
        name = SpaceBeforeSlash.Replace(name, "/");
        if (_options.StripGmail)
        {
            int at = name.IndexOf("[Gmail]", StringComparison.Ordinal);
            if (at >= 0) name = name.Remove(at, 7);
        }
        return name;
    }
}
