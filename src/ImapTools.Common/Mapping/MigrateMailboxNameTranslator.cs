namespace ImapTools.Common.Mapping;

/// <summary>
/// migrateIMAP's source → destination mailbox name algorithm (spec migrateIMAP §5.4), which differs from imapcopy's
/// (<see cref="MailboxNameTranslator"/>): destination-delimiter characters inside a source name are <em>deleted</em>
/// (not replaced by <c>_</c>; kept so re-runs in update mode find the same names, Q4) before the map lookup; with
/// <c>-p ROOT</c> INBOX becomes the root itself in both namespace cases, and in the same namespace
/// <c>INBOX/Trash</c> and <c>INBOX/Sent</c> stay top-level (<c>-p INBOX</c>, Q17); no trimming or Gmail renaming.
/// </summary>
public sealed class MigrateMailboxNameTranslator
{
    private readonly MailboxNamespace _source;
    private readonly MailboxNamespace _destination;
    private readonly MailboxMap? _map;
    private readonly string? _root;

    /// <summary>Creates a translator.</summary>
    /// <param name="source">The source personal namespace (NAMESPACE or -x).</param>
    /// <param name="destination">The destination personal namespace (NAMESPACE or -y).</param>
    /// <param name="map">The -M map, or null.</param>
    /// <param name="root">The -p root mailbox, or null.</param>
    public MigrateMailboxNameTranslator(MailboxNamespace source, MailboxNamespace destination, MailboxMap? map, string? root)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
        _map = map;
        _root = root;
    }

    /// <summary>Translates one full source name (as listed, prefix included) into the destination name.</summary>
    public string Translate(string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        string sp = _source.Prefix, dp = _destination.Prefix;
        char sd = _source.Delimiter, dd = _destination.Delimiter;

        // 1. Destination-delimiter characters are deleted from the source name; 3. then the map.
        string s = sd != dd ? sourceName.Replace(dd.ToString(), "", StringComparison.Ordinal) : sourceName;
        if (_map is not null && _map.TryMap(s, out string mapped)) s = mapped;

        if (sp == dp && sd == dd)
        {
            // 4. Same namespace.
            if (_root is null) return s;
            string rest = StripLeading(MailboxNameTranslator.StripPrefix(s, dp), dd);
            string result = MailboxNameComparer.IsInbox(rest) ? dp + _root : dp + _root + dd + rest;
            string lower = result.ToLowerInvariant();
            if (lower == "inbox/trash") result = "Trash";
            else if (lower == "inbox/sent") result = "Sent";
            return result.Replace("\\", "", StringComparison.Ordinal);
        }

        // 5. Different namespaces (imapcopy §5.4 step 6).
        s = MailboxNameTranslator.StripPrefix(s, sp);
        if (sd != dd) s = s.Replace(sd, dd).Replace("\\", "", StringComparison.Ordinal);
        if (sp != dp)
        {
            s = StripLeading(MailboxNameTranslator.StripPrefix(s, sp), dd);
            if (!MailboxNameComparer.IsInbox(s)) s = dp + s;
        }
        if (_root is not null)
        {
            s = StripLeading(MailboxNameTranslator.StripPrefix(s, dp), dd);
            s = MailboxNameComparer.IsInbox(s) ? dp + _root : dp + _root + dd + s;
            s = s.Replace("\\", "", StringComparison.Ordinal);
        }
        return s;
    }

    private static string StripLeading(string s, char c) => s.Length > 0 && s[0] == c ? s[1..] : s;
}
