using System.Text;
using System.Text.RegularExpressions;

namespace ImapTools.Common.Selection;

/// <summary>
/// Perl regular expressions as users wrote them for the originals (-g and rule files), run on .NET: POSIX classes,
/// <c>\Q…\E</c>, <c>\h</c>, <c>\z</c>/<c>\Z</c> are translated; matching is unanchored, culture-invariant and time-limited.
/// </summary>
public static class PerlRegex
{
    private static readonly Dictionary<string, string> Posix = new()
    {
        ["alpha"] = @"a-zA-Z", ["digit"] = @"0-9", ["alnum"] = @"a-zA-Z0-9", ["upper"] = @"A-Z", ["lower"] = @"a-z",
        ["space"] = @"\s", ["punct"] = @"!-/:-@\[-`{-~", ["xdigit"] = @"0-9A-Fa-f", ["word"] = @"\w", ["blank"] = @" \t",
        ["cntrl"] = @"\x00-\x1f\x7f", ["print"] = @"\x20-\x7e", ["graph"] = @"\x21-\x7e",
    };

    /// <summary>Converts and compiles <paramref name="perlPattern"/>; <paramref name="where"/> names the flag or file for errors.</summary>
    public static Regex Convert(string perlPattern, string where = "-g")
    {
        try
        {
            return new Regex(Translate(perlPattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
        catch (ArgumentException e)
        {
            throw new ImapToolsException($"Invalid regular expression '{perlPattern}' in {where}: {e.Message}", ExitCodes.Usage, e);
        }
    }

    /// <summary>The .NET form of a Perl pattern.</summary>
    public static string Translate(string p)
    {
        var sb = new StringBuilder(p.Length + 8);
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                char n = p[i + 1];
                if (n == 'Q')
                {
                    int end = p.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                    string literal = end < 0 ? p[(i + 2)..] : p[(i + 2)..end];
                    sb.Append(Regex.Escape(literal));
                    i = end < 0 ? p.Length : end + 1;
                    continue;
                }
                if (n == 'h') { sb.Append(@"[\t\x20\xA0]"); i++; continue; }
                if (n == 'H') { sb.Append(@"[^\t\x20\xA0]"); i++; continue; }
                if (n == 'E') { i++; continue; }
                sb.Append(c).Append(n);
                i++;
                continue;
            }
            if (c == '[' && i + 1 < p.Length && p[i + 1] == '[' && p.IndexOf(":]", i, StringComparison.Ordinal) is int close and > 0)
            {
                // [[:alpha:]x] → [a-zA-Z x]
                var m = Regex.Match(p[(i + 1)..], @"^\[:(\^?)(\w+):\]");
                if (m.Success && Posix.TryGetValue(m.Groups[2].Value, out var cls))
                {
                    sb.Append('[').Append(m.Groups[1].Value.Length > 0 ? "^" : "").Append(cls);
                    i += m.Length;
                    continue;
                }
            }
            if (c == '[')
            {
                // POSIX classes inside a bracket expression: [a[:digit:]]
                int j = i + 1;
                var inner = new StringBuilder("[");
                while (j < p.Length && p[j] != ']' || j == i + 1)
                {
                    if (j >= p.Length) break;
                    var m = Regex.Match(p[j..], @"^\[:(\w+):\]");
                    if (m.Success && Posix.TryGetValue(m.Groups[1].Value, out var cls)) { inner.Append(cls); j += m.Length; continue; }
                    if (p[j] == '\\' && j + 1 < p.Length) { inner.Append(p[j]).Append(p[j + 1]); j += 2; continue; }
                    inner.Append(p[j]);
                    j++;
                }
                if (j < p.Length)
                {
                    sb.Append(inner).Append(']');
                    i = j;
                    continue;
                }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
