using System.Text.RegularExpressions;
using ImapTools.Common.Mapping;

namespace ImapTools.Common.Selection;

/// <summary>
/// imapcopy's mailbox exclusions: -e exact names, -g regular expressions and the default skip of
/// <c>[Gmail]/All Mail</c> (unless -N). Exact names compare case-sensitively except INBOX. Because the original
/// compared against names in their modified UTF-7 wire form, an -e name or -g pattern written in that form still
/// matches: each name is tested both as Unicode and as modified UTF-7.
/// </summary>
public sealed class MailboxFilter
{
    /// <summary>The Gmail mailbox skipped by default.</summary>
    public const string GmailAllMail = "[Gmail]/All Mail";

    private readonly HashSet<string> _exact;
    private readonly List<(string Pattern, Regex Regex)> _regexes = new();
    private readonly bool _includeGmailAllMail;

    /// <summary>Creates the filter.</summary>
    /// <param name="excludeExact">-e names (already split; -R expansion is the caller's job).</param>
    /// <param name="excludeRegex">-g Perl regular expressions (already split on commas).</param>
    /// <param name="includeGmailAllMail">-N: do copy <c>[Gmail]/All Mail</c>.</param>
    /// <exception cref="ImapToolsException">A -g pattern is invalid (<see cref="ExitCodes.Usage"/>).</exception>
    public MailboxFilter(IEnumerable<string> excludeExact, IEnumerable<string> excludeRegex, bool includeGmailAllMail)
    {
        _exact = new HashSet<string>(excludeExact ?? [], MailboxNameComparer.Instance);
        foreach (string p in excludeRegex ?? [])
            _regexes.Add((p, PerlRegex.Convert(p)));
        _includeGmailAllMail = includeGmailAllMail;
    }

    /// <summary>Decides whether a source mailbox is left out.</summary>
    /// <param name="name">The full source mailbox name (Unicode).</param>
    /// <param name="reason">The line to log: <c>Skipping [Gmail]/All Mail</c> for the Gmail default skip; null otherwise
    /// (the original logs -e/-g exclusions only in debug mode).</param>
    /// <returns>True when the mailbox must not be copied.</returns>
    /// <exception cref="ImapToolsException">A -g pattern took too long on this name (<see cref="ExitCodes.Usage"/>).</exception>
    public bool IsExcluded(string name, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(name);
        reason = null;
        string wire = ModifiedUtf7.Encode(name);
        if (_exact.Contains(name) || _exact.Contains(wire)) return true;
        foreach (var (pattern, regex) in _regexes)
        {
            try
            {
                if (regex.IsMatch(name) || (!ReferenceEquals(wire, name) && wire != name && regex.IsMatch(wire))) return true;
            }
            catch (RegexMatchTimeoutException e)
            {
                throw new ImapToolsException($"Regular expression '{pattern}' in -g took too long on mailbox {name}", ExitCodes.Usage, e);
            }
        }
        if (!_includeGmailAllMail && string.Equals(name, GmailAllMail, StringComparison.Ordinal))
        {
            reason = "Skipping " + GmailAllMail;
            return true;
        }
        return false;
    }
}
