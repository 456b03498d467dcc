using System.Text;
using System.Text.RegularExpressions;

namespace ImapTools.Common.Selection;

/// <summary>
/// imap_search's <c>keyword=value</c> terms turned into IMAP SEARCH keys (spec imap_search §4): <c>from=alice</c> →
/// <c>from "alice"</c>; bare words (<c>OR</c>, <c>NOT</c>, <c>SEEN</c>, <c>(</c>) pass through; a keyword containing
/// <c>date</c> or <c>message-id</c> gets <c>header </c> in front. Feed the result to <see cref="SearchExpression.Parse"/>
/// so the server does the matching.
/// </summary>
/// <remarks>
/// Deliberate fixes: the value is everything after the first <c>=</c> (the original dropped the text after a second
/// one); only standalone <c>AND</c> words are dropped (the original removed every upper-case <c>AND</c>, even inside
/// values); values are IMAP-quoted with <c>\</c> escapes, so <c>"</c> and <c>\</c> work.
/// </remarks>
public static partial class LegacySearchTerms
{
    /// <summary>Builds the SEARCH keys from the term arguments; an empty argument ends the list.</summary>
    /// <param name="terms">The arguments after the access string.</param>
    /// <returns>The keys, e.g. <c>OR from "bob" subject "arch"</c>.</returns>
    public static string Build(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var parts = new List<string>();
        foreach (string term in terms)
        {
            if (term.Length == 0) break;
            var m = EqualsSign().Match(term);
            string keyword = (m.Success ? term[..m.Index] : term).Trim();
            if (!m.Success)
            {
                if (!keyword.Equals("AND", StringComparison.OrdinalIgnoreCase) && keyword.Length > 0) parts.Add(keyword);
                continue;
            }
            string value = term[(m.Index + m.Length)..];
            if ((keyword.Contains("date", StringComparison.OrdinalIgnoreCase) || keyword.Contains("message-id", StringComparison.OrdinalIgnoreCase))
                && !keyword.StartsWith("header ", StringComparison.OrdinalIgnoreCase))
                keyword = "header " + keyword;
            parts.Add(keyword + " " + Quote(value));
        }
        return string.Join(' ', parts);
    }

    /// <summary>An IMAP quoted string: <c>"</c> and <c>\</c> escaped with <c>\</c>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    [GeneratedRegex(@"\s*=\s*", RegexOptions.CultureInvariant)]
    private static partial Regex EqualsSign();
}
