using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ImapTools.Common.Selection;

/// <summary>
/// Converts the Perl regular expressions users give to -g into .NET regular expressions with the same meaning for
/// mailbox-name matching. Unanchored, <see cref="RegexOptions.CultureInvariant"/>, 1 s match timeout.
/// </summary>
/// <remarks>
/// Handled: <c>\Q…\E</c> quoting; POSIX classes (<c>[[:alpha:]]</c>, <c>[[:^digit:]]</c>, …) with Unicode meaning;
/// <c>\h \H \v \V \R \N</c>; <c>\x{…} \o{…} \N{U+…}</c>, one-digit <c>\xH</c> and octal <c>\0nn</c>;
/// <c>\g1 \g{1} \g{name} \k{name}</c>; <c>(?P&lt;name&gt;…)</c> and <c>(?P=name)</c>; possessive quantifiers
/// (<c>a++</c> → <c>(?&gt;a+)</c>); inline flags (Perl-only flags <c>a u l d p</c> and <c>^</c> are translated).
/// Identical in both dialects and passed through: <c>\A \z \Z \b \d \w \s</c>, <c>$</c> (also before a final newline),
/// lookaround, atomic groups, named groups, lazy quantifiers, <c>(?i)</c>.
/// Refused with a clear error: <c>\K</c>, case modifiers <c>\l \u \L \U</c>, relative back-references, recursion.
/// </remarks>
public static class PerlRegex
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private const string VerticalSpace = @"\n\x0B\f\r\x85\u2028\u2029";
    private const string HorizontalSpace = @"\t\x20\xA0";

    private static readonly Dictionary<string, string> Posix = new(StringComparer.Ordinal)
    {
        ["alpha"] = @"\p{L}\p{Nl}",
        ["digit"] = @"\p{Nd}",
        ["alnum"] = @"\p{L}\p{Nl}\p{Nd}",
        ["upper"] = @"\p{Lu}",
        ["lower"] = @"\p{Ll}",
        ["space"] = @"\s",
        ["blank"] = @"\t\p{Zs}",
        ["punct"] = @"\p{P}$+<=>^`|~",
        ["word"] = @"\w",
        ["xdigit"] = "0-9A-Fa-f",
        ["cntrl"] = @"\p{Cc}",
        ["graph"] = @"\p{L}\p{M}\p{N}\p{P}\p{S}",
        ["print"] = @"\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}",
        ["ascii"] = @"\x00-\x7F",
    };

    private static readonly Dictionary<string, string> NegatedPosix = new(StringComparer.Ordinal)
    {
        ["alpha"] = @"\P{L}",
        ["digit"] = @"\P{Nd}",
        ["upper"] = @"\P{Lu}",
        ["lower"] = @"\P{Ll}",
        ["space"] = @"\S",
        ["word"] = @"\W",
        ["cntrl"] = @"\P{Cc}",
    };

    /// <summary>Converts and compiles a -g pattern.</summary>
    /// <param name="perlPattern">The Perl pattern (unanchored, as in <c>$name =~ /pattern/</c>).</param>
    /// <returns>The .NET regular expression.</returns>
    /// <exception cref="ImapToolsException">The pattern is invalid or uses an unsupported construct (<see cref="ExitCodes.Usage"/>).</exception>
    public static Regex Convert(string perlPattern) => Convert(perlPattern, "-g");

    /// <summary>Converts and compiles a pattern the user gave with <paramref name="where"/> (e.g. <c>-m</c>), named in the error.</summary>
    /// <param name="perlPattern">The Perl pattern (unanchored, case-sensitive).</param>
    /// <param name="where">The flag or file the pattern came from, for the error message.</param>
    /// <returns>The .NET regular expression.</returns>
    /// <exception cref="ImapToolsException">The pattern is invalid or uses an unsupported construct (<see cref="ExitCodes.Usage"/>).</exception>
    public static Regex Convert(string perlPattern, string where)
    {
        ArgumentNullException.ThrowIfNull(perlPattern);
        try
        {
            return new Regex(Translate(perlPattern), RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ImapToolsException($"Invalid regular expression '{perlPattern}' in {where}: {e.Message}", ExitCodes.Usage, e);
        }
    }

    /// <summary>The .NET pattern text for a Perl pattern.</summary>
    internal static string Translate(string p)
    {
        var sb = new StringBuilder(p.Length + 16);
        var groups = new Stack<int>();
        bool inClass = false;
        int classContentStart = -1;
        int atom = -1;           // where the last quantifiable item starts in sb
        int i = 0;
        while (i < p.Length)
        {
            char c = p[i];
            if (c == '\\' && i + 1 < p.Length && p[i + 1] == 'Q')
            {
                // \Q...\E only escapes: a following quantifier applies to the last character, as in Perl.
                int end = p.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                foreach (char ch in end < 0 ? p[(i + 2)..] : p[(i + 2)..end])
                {
                    atom = sb.Length;
                    AppendLiteral(sb, ch);
                }
                i = end < 0 ? p.Length : end + 2;
                continue;
            }
            if (c == '\\')
            {
                if (!inClass) atom = sb.Length;
                i = Escape(p, i, sb, inClass);
                continue;
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < p.Length && p[i + 1] == ':')
                {
                    int end = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (end < 0) throw new ArgumentException("unterminated POSIX class");
                    string name = p[(i + 2)..end];
                    bool negated = name.StartsWith('^');
                    if (negated) name = name[1..];
                    if (!(negated ? NegatedPosix : Posix).TryGetValue(name, out string? cls))
                        throw new ArgumentException($"unsupported POSIX class [:{(negated ? "^" : "")}{name}:]");
                    sb.Append(cls);
                    i = end + 2;
                    continue;
                }
                if (c == ']' && i > classContentStart) { inClass = false; sb.Append(']'); i++; continue; }
                if (c == '[') { sb.Append(@"\["); i++; continue; }   // literal in Perl; .NET could read "-[" as subtraction
                sb.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '[':
                    atom = sb.Length;
                    inClass = true;
                    sb.Append('[');
                    i++;
                    if (i < p.Length && p[i] == '^') { sb.Append('^'); i++; }
                    if (i < p.Length && p[i] == ']') { sb.Append(@"\]"); i++; }
                    classContentStart = i;
                    continue;
                case '(' when string.CompareOrdinal(p, i, "(?P=", 0, 4) == 0:
                    {
                        int close = p.IndexOf(')', i);
                        if (close < 0) throw new ArgumentException("unterminated (?P=name)");
                        atom = sb.Length;
                        sb.Append(@"\k<").Append(p, i + 4, close - (i + 4)).Append('>');
                        i = close + 1;
                        continue;
                    }
                case '(':
                    groups.Push(sb.Length);
                    i = OpenGroup(p, i, sb);
                    continue;
                case ')':
                    sb.Append(')');
                    atom = groups.Count > 0 ? groups.Pop() : -1;
                    i++;
                    continue;
                case '*' or '+' or '?':
                    sb.Append(c);
                    i = AfterQuantifier(p, i + 1, sb, atom);
                    continue;
                case '{':
                    var m = Regex.Match(p[i..], @"^\{\d+(,\d*)?\}");
                    if (m.Success)
                    {
                        sb.Append(m.Value);
                        i = AfterQuantifier(p, i + m.Length, sb, atom);
                    }
                    else
                    {
                        atom = sb.Length;
                        sb.Append(@"\{");
                        i++;
                    }
                    continue;
                default:
                    atom = sb.Length;
                    sb.Append(c);
                    i++;
                    continue;
            }
        }
        return sb.ToString();
    }

    /// <summary>Handles the lazy/possessive suffix of a quantifier; returns the next index.</summary>
    private static int AfterQuantifier(string p, int i, StringBuilder sb, int atom)
    {
        if (i < p.Length && p[i] == '+')
        {
            if (atom < 0) throw new ArgumentException("possessive quantifier without an item");
            sb.Insert(atom, "(?>").Append(')');
            return i + 1;
        }
        if (i < p.Length && p[i] == '?')
        {
            sb.Append('?');
            return i + 1;
        }
        return i;
    }

    private static int OpenGroup(string p, int i, StringBuilder sb)
    {
        if (i + 1 >= p.Length || p[i + 1] != '?') { sb.Append('('); return i + 1; }
        string rest = p[(i + 2)..];
        if (rest.StartsWith("P<", StringComparison.Ordinal)) { sb.Append("(?<"); return i + 4; }
        if (rest.StartsWith("P>", StringComparison.Ordinal) || rest.StartsWith('|') || rest.StartsWith('R')
            || (rest.Length > 0 && (char.IsDigit(rest[0]) || rest[0] is '&' or '+')) || rest.StartsWith("-1", StringComparison.Ordinal))
            throw new ArgumentException("recursion and branch reset groups are not supported");
        var flags = Regex.Match(rest, @"^([\^a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])");
        if (flags.Success && (flags.Groups[1].Value.Length > 0 || flags.Groups[2].Success))
        {
            string on = flags.Groups[1].Value, off = flags.Groups[2].Value;
            bool caret = on.StartsWith('^');
            on = Keep(on.TrimStart('^'));
            off = Keep(off);
            if (caret) off = string.Concat("imsx".Where(f => !on.Contains(f) && !off.Contains(f))) + off;
            sb.Append("(?").Append(on);
            if (off.Length > 0) sb.Append('-').Append(off);
            // "(?)" is not valid .NET: an empty flag set becomes an empty group "(?:)".
            if (flags.Groups[3].Value == ":" || (on.Length == 0 && off.Length == 0)) sb.Append(':');
            // A ')' terminator is left for the caller, which closes the group.
            return i + 2 + flags.Length - (flags.Groups[3].Value == ")" ? 1 : 0);
        }
        sb.Append("(?");
        return i + 2;

        static string Keep(string f) => string.Concat(f.Where(ch => ch is 'i' or 'm' or 's' or 'x' or 'n'));
    }

    /// <summary>Translates one escape starting at <paramref name="i"/> (the backslash); returns the next index.</summary>
    private static int Escape(string p, int i, StringBuilder sb, bool inClass)
    {
        if (i + 1 >= p.Length) throw new ArgumentException("pattern ends with a backslash");
        char n = p[i + 1];
        int j = i + 2;
        switch (n)
        {
            case 'E':
                return j;
            case 'h':
                sb.Append(inClass ? HorizontalSpace : "[" + HorizontalSpace + "]");
                return j;
            case 'v':
                sb.Append(inClass ? VerticalSpace : "[" + VerticalSpace + "]");
                return j;
            case 'H' or 'V' or 'R' or 'N' when inClass:
                throw new ArgumentException($@"\{n} inside a character class is not supported");
            case 'H':
                sb.Append("[^" + HorizontalSpace + "]");
                return j;
            case 'V':
                sb.Append("[^" + VerticalSpace + "]");
                return j;
            case 'R':
                sb.Append(@"(?>\r\n|[" + VerticalSpace + "])");
                return j;
            case 'N' when j < p.Length && p[j] == '{':
                {
                    string body = Braced(p, j, out int next);
                    if (!body.StartsWith("U+", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException(@"\N{name} is not supported; use \N{U+XXXX}");
                    AppendCodePoint(sb, ParseNumber(body[2..], 16), inClass);
                    return next;
                }
            case 'N':
                sb.Append(@"[^\n]");
                return j;
            case 'x':
                {
                    if (j < p.Length && p[j] == '{')
                    {
                        string body = Braced(p, j, out int next);
                        AppendCodePoint(sb, body.Length == 0 ? 0 : ParseNumber(body, 16), inClass);
                        return next;
                    }
                    int k = j;
                    while (k < p.Length && k < j + 2 && Uri.IsHexDigit(p[k])) k++;
                    AppendCodePoint(sb, k == j ? 0 : ParseNumber(p[j..k], 16), inClass);
                    return k;
                }
            case 'o' when j < p.Length && p[j] == '{':
                {
                    string body = Braced(p, j, out int next);
                    AppendCodePoint(sb, ParseNumber(body, 8), inClass);
                    return next;
                }
            case '0':
                {
                    int k = j;
                    while (k < p.Length && k < j + 2 && p[k] is >= '0' and <= '7') k++;
                    AppendCodePoint(sb, k == j ? 0 : ParseNumber(p[j..k], 8), inClass);
                    return k;
                }
            case 'g':
                {
                    string reference;
                    int next;
                    if (j < p.Length && p[j] == '{') reference = Braced(p, j, out next);
                    else
                    {
                        next = j;
                        while (next < p.Length && char.IsAsciiDigit(p[next])) next++;
                        reference = p[j..next];
                    }
                    if (reference.Length == 0 || reference.StartsWith('-')) throw new ArgumentException(@"relative back-references (\g-1) are not supported");
                    sb.Append(reference.All(char.IsAsciiDigit) ? @"\" + reference : @"\k<" + reference + ">");
                    return next;
                }
            case 'k' when j < p.Length && p[j] == '{':
                {
                    string name = Braced(p, j, out int next);
                    sb.Append(@"\k<").Append(name).Append('>');
                    return next;
                }
            case 'K':
                throw new ArgumentException(@"\K is not supported");
            case 'l' or 'u' or 'L' or 'U':
                throw new ArgumentException($@"the case modifier \{n} is not supported");
            default:
                sb.Append('\\').Append(n);
                return j;
        }
    }

    private static string Braced(string p, int open, out int next)
    {
        int close = p.IndexOf('}', open);
        if (close < 0) throw new ArgumentException("missing '}'");
        next = close + 1;
        return p[(open + 1)..close].Trim();
    }

    private static int ParseNumber(string digits, int radix)
    {
        try
        {
            int value = System.Convert.ToInt32(digits, radix);
            if (value < 0 || value > 0x10FFFF) throw new ArgumentException($"code point {digits} out of range");
            return value;
        }
        catch (FormatException) { throw new ArgumentException($"invalid number '{digits}'"); }
        catch (OverflowException) { throw new ArgumentException($"code point {digits} out of range"); }
    }

    private static void AppendCodePoint(StringBuilder sb, int cp, bool inClass)
    {
        if (cp <= 0xFFFF)
        {
            sb.Append(@"\u").Append(cp.ToString("X4", CultureInfo.InvariantCulture));
            return;
        }
        if (inClass) throw new ArgumentException("characters outside the BMP are not supported inside a character class");
        string pair = char.ConvertFromUtf32(cp);
        sb.Append(@"(?:\u").Append(((int)pair[0]).ToString("X4", CultureInfo.InvariantCulture))
          .Append(@"\u").Append(((int)pair[1]).ToString("X4", CultureInfo.InvariantCulture)).Append(')');
    }

    private static void AppendLiteral(StringBuilder sb, char ch)
    {
        if (char.IsLetterOrDigit(ch) || ch == '_' || (ch > 0x7F && !char.IsControl(ch))) sb.Append(ch);
        else if (ch is > ' ' and < (char)0x7F) sb.Append('\\').Append(ch);
        else sb.Append(@"\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
    }
}
