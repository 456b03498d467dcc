using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit.Utils;

namespace ImapTools.Common.Rules;

/// <summary>The date handling of imapfilter Date, InternalDate and ISEARCH rules (spec imapfilter §3.2.3, §3.3, _common §7).</summary>
public static partial class RuleDates
{
    private static readonly string[] FreeFormats =
    {
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss zzz",
        "d MMM yyyy", "d MMM yyyy HH:mm", "d MMM yyyy HH:mm:ss", "MMM d yyyy", "MMM d, yyyy", "MMM d yyyy HH:mm:ss",
        "d-MMM-yyyy", "d-MMM-yyyy HH:mm:ss", "yyyy/MM/dd", "MM/dd/yyyy",
    };

    /// <summary>
    /// The instant N days before <paramref name="now"/>: the local calendar date of (now − N×86400 s) at 00:00:00 +0000,
    /// as the original computed it.
    /// </summary>
    public static DateTimeOffset DaysAgo(int days, DateTimeOffset now)
    {
        var local = now.ToLocalTime().AddDays(-days).Date;
        return new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// Parses the date part of a comparison rule (after the operator): a number of days (<c>30</c>, also <c>+30</c>),
    /// an RFC 822 date (<c>20 Sep 2011 21:57:09 -0600</c>), or a free-form date (<c>2011-09-20</c>, <c>Sep 20 2011</c>;
    /// no zone means local time). A trailing <c>*</c> is ignored.
    /// </summary>
    /// <returns>False when the text is not a date.</returns>
    public static bool TryParseRuleDate(string text, DateTimeOffset now, out DateTimeOffset date, out bool relative)
    {
        string t = text.Trim();
        if (t.EndsWith('*')) t = t[..^1].TrimEnd();
        relative = false;
        date = default;
        string digits = t.StartsWith('+') ? t[1..] : t;
        if (digits.Length == 0 || digits.All(char.IsAsciiDigit))
        {
            if (!int.TryParse(digits.Length == 0 ? "0" : digits, NumberStyles.None, CultureInfo.InvariantCulture, out int days) || days > 100_000)
                return false;
            relative = true;
            date = DaysAgo(days, now);
            return true;
        }
        if (Regex.IsMatch(t, @"\d{1,2}:\d{2}") && DateUtils.TryParse(t, out date))
            return true;
        if (DateTimeOffset.TryParseExact(t, FreeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeLocal, out date))
            return true;
        return DateUtils.TryParse(t, out date);
    }

    /// <summary>
    /// Parses a Date header value like the original's loose RFC 2822 reader: comments such as <c>(CST)</c> and quoted
    /// strings are removed, <c>AM</c>/<c>PM</c> dropped, a long day name cut to three letters.
    /// </summary>
    /// <returns>False when the value is not a date (the rule then logs <c>Bad date</c> and does not match).</returns>
    public static bool TryParseHeaderDate(string value, out DateTimeOffset date)
    {
        string v = value.Trim();
        if (DateUtils.TryParse(v, out date)) return true;
        v = Comment().Replace(v, " ");
        v = Quoted().Replace(v, " ");
        v = AmPm().Replace(v, "");
        v = LongDay().Replace(v, m => m.Groups[1].Value + ",");
        int mount = v.IndexOf(" Mount", StringComparison.Ordinal);
        if (mount >= 0) v = v[..mount];
        return DateUtils.TryParse(v.Trim(), out date);
    }

    /// <summary>
    /// Resolves the relative-day shorthand of ISEARCH rules: the first <c>(SINCE n)</c>, <c>(SENTSINCE n)</c>,
    /// <c>(BEFORE n)</c> and <c>(SENTBEFORE n)</c> (keyword in any case, n a number of days) get the IMAP date of n
    /// days ago; <c>SINCE</c> becomes <c>SENTSINCE</c> as in the original.
    /// </summary>
    public static string ResolveSearchDays(string expression, DateTimeOffset now)
    {
        foreach (string key in new[] { "SINCE", "SENTSINCE", "BEFORE", "SENTBEFORE" })
        {
            var m = Regex.Match(expression, @"\(\s*" + key + @"\s+(\+?\d+)\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            if (!m.Success) continue;
            int days = int.Parse(m.Groups[1].Value.TrimStart('+'), NumberStyles.None, CultureInfo.InvariantCulture);
            string day = now.ToLocalTime().AddDays(-days).ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture);
            string keyword = key == "SINCE" ? "SENTSINCE" : key;
            expression = expression[..m.Index] + $"({keyword} {day})" + expression[(m.Index + m.Length)..];
        }
        return expression;
    }

    /// <summary>The INTERNALDATE day as InternalDate regex rules see it, e.g. <c>20-SEP-2011</c> (the server's own offset).</summary>
    public static string InternalDay(DateTimeOffset internalDate) =>
        internalDate.ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture).ToUpperInvariant();

    /// <summary>The instant an InternalDate comparison uses: the INTERNALDATE calendar day at 00:00:00 +0000.</summary>
    public static DateTimeOffset InternalDayInstant(DateTimeOffset internalDate) =>
        new(internalDate.Year, internalDate.Month, internalDate.Day, 0, 0, 0, TimeSpan.Zero);

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Comment();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s+[AP]M\b", RegexOptions.IgnoreCase)]
    private static partial Regex AmPm();

    [GeneratedRegex(@"^\s*([A-Za-z]{3})[A-Za-z]*,")]
    private static partial Regex LongDay();
}
