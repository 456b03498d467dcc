using System.Text.RegularExpressions;

namespace ImapTools.Common.Selection;

/// <summary>Leaves mailboxes out: exact names (-e), Perl regexes (-g), and Gmail's [Gmail]/All Mail unless asked (-N).</summary>
public sealed class MailboxFilter
{
    /// <summary>The Gmail mailbox that holds every message again.</summary>
    public const string GmailAllMail = "[Gmail]/All Mail";

    private readonly HashSet<string> _exact;
    private readonly List<Regex> _patterns;
    private readonly bool _includeGmailAllMail;

    /// <summary>Creates the filter; invalid patterns are usage errors.</summary>
    public MailboxFilter(IEnumerable<string> excludeExact, IEnumerable<string> excludePatterns, bool includeGmailAllMail)
    {
        _exact = new HashSet<string>(excludeExact, StringComparer.Ordinal);
        _patterns = excludePatterns.Where(p => p.Length > 0).Select(p => PerlRegex.Convert(p)).ToList();
        _includeGmailAllMail = includeGmailAllMail;
    }

    /// <summary>True when <paramref name="name"/> is left out; <paramref name="reason"/> is a line to log, or null.</summary>
    public bool IsExcluded(string name, out string? reason)
    {
        reason = null;
        if (!_includeGmailAllMail && name == GmailAllMail)
        {
            reason = $"Skipping {GmailAllMail}";
            return true;
        }
        return _exact.Contains(name) || _patterns.Any(p => p.IsMatch(name));
    }
}
