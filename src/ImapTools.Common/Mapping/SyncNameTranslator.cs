using System.Text.RegularExpressions;

namespace ImapTools.Common.Mapping;

/// <summary>
/// The "simple" source → destination mailbox name algorithm of imapsync and imap_audit (spec imapsync §5.3):
/// map lookup, then delimiter swap (backslashes removed), then prefix swap (INBOX never prefixed). Unlike imapcopy
/// there is no <c>_</c> substitution, no root mailbox and no Gmail handling. With <c>-R</c> runs of whitespace are
/// collapsed to one space (and leading/trailing whitespace removed) in the result.
/// </summary>
public sealed partial class SyncNameTranslator
{
    private readonly MailboxNamespace _source;
    private readonly MailboxNamespace _destination;
    private readonly MailboxMap? _map;
    private readonly bool _collapseWhitespace;

    /// <summary>Creates a translator.</summary>
    /// <param name="source">Source personal namespace (NAMESPACE or -x).</param>
    /// <param name="destination">Destination personal namespace (NAMESPACE or -y).</param>
    /// <param name="map">The -M map, or null.</param>
    /// <param name="collapseWhitespace">imapsync -R: trim names and collapse inner whitespace runs.</param>
    public SyncNameTranslator(MailboxNamespace source, MailboxNamespace destination, MailboxMap? map, bool collapseWhitespace = false)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
        _map = map;
        _collapseWhitespace = collapseWhitespace;
    }

    /// <summary>Trims and collapses whitespace runs to one space (imapsync -R).</summary>
    /// <param name="name">A mailbox name.</param>
    /// <returns>The cleaned name.</returns>
    public static string CollapseWhitespace(string name) => Whitespace().Replace(name ?? "", " ").Trim();

    /// <summary>Translates a full source mailbox name into the destination name.</summary>
    /// <param name="sourceName">The full source name as listed (prefix included).</param>
    /// <returns>The destination name.</returns>
    public string Translate(string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        // -R cleans the listed source name first (the original did so while listing), and the result again.
        string name = _collapseWhitespace ? CollapseWhitespace(sourceName) : sourceName;
        string s = _map is not null && (_map.TryMap(name, out string mapped) || _map.TryMap(sourceName, out mapped)) ? mapped : name;
        char sd = _source.Delimiter, dd = _destination.Delimiter;
        if (sd != dd)
            s = s.Replace(sd, dd).Replace("\\", "", StringComparison.Ordinal);
        string sp = _source.Prefix, dp = _destination.Prefix;
        if (sp != dp)
        {
            string sourcePrefix = sd != dd ? sp.Replace(sd, dd) : sp;
            if (sourcePrefix.Length > 0 && s.StartsWith(sourcePrefix, StringComparison.Ordinal)) s = s[sourcePrefix.Length..];
            if (!MailboxNameComparer.IsInbox(s)) s = dp + s;
            if (s.Length > 0 && s[0] == dd) s = s[1..];
        }
        return _collapseWhitespace ? CollapseWhitespace(s) : s;
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
