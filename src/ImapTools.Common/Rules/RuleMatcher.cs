using System.Text;
using MailKit;
using MailKit.Search;
using MimeKit;

namespace ImapTools.Common.Rules;

/// <summary>What the client-side rules look at for one message (fetched in batches with one UID FETCH each).</summary>
/// <param name="Uid">The message UID.</param>
/// <param name="Flags">The system flags.</param>
/// <param name="Keywords">The keywords.</param>
/// <param name="InternalDate">The INTERNALDATE.</param>
/// <param name="Size">RFC822.SIZE.</param>
/// <param name="Headers">The fetched header fields (only those the rules name).</param>
public sealed record MessageFacts(UniqueId Uid, MessageFlags Flags, IReadOnlySet<string> Keywords, DateTimeOffset? InternalDate, long Size, HeaderList Headers);

/// <summary>
/// Decides which messages a <see cref="FilterRule"/> matches. The server does all it can: every rule has a SEARCH
/// query (<see cref="ServerQuery"/>) that selects the candidates (exactly for Size, system Flags, InternalDate
/// comparisons and ISEARCH; a superset for Date comparisons); only what SEARCH cannot express (regexes, exact Date
/// instants with time zones, keyword case folding) is checked by <see cref="Matches"/> on fetched headers.
/// </summary>
public static class RuleMatcher
{
    private static readonly string[] SystemFlags = { "Seen", "Unseen", "Answered", "Flagged", "Deleted", "Draft", "Recent" };

    /// <summary>True for the flag names SEARCH can test exactly (the system flags and Unseen).</summary>
    public static bool IsSystemFlag(string name) => SystemFlags.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The SEARCH query that selects the rule's candidates, or null for "every message" (header regexes).
    /// ISEARCH rules are sent as raw text instead (<see cref="FilterRule.SearchText"/>). Returns
    /// <see cref="SearchQuery.Not"/>(ALL) shaped queries never: an impossible rule gives <paramref name="none"/> = true.
    /// </summary>
    public static SearchQuery? ServerQuery(FilterRule rule, out bool none)
    {
        none = false;
        switch (rule.Kind)
        {
            case RuleKind.Size:
                return rule.Operator switch
                {
                    '>' => SearchQuery.LargerThan(Clamp(rule.SizeLimit)),
                    '<' when rule.SizeLimit == 0 => Impossible(out none),
                    '<' => SearchQuery.SmallerThan(Clamp(rule.SizeLimit)),
                    _ when rule.SizeLimit == 0 => SearchQuery.SmallerThan(1),
                    _ => SearchQuery.LargerThan(Clamp(rule.SizeLimit - 1)).And(SearchQuery.SmallerThan(Clamp(rule.SizeLimit + 1))),
                };
            case RuleKind.Flags:
                return rule.FlagName!.ToUpperInvariant() switch
                {
                    "SEEN" => SearchQuery.Seen,
                    "UNSEEN" => SearchQuery.NotSeen,
                    "ANSWERED" => SearchQuery.Answered,
                    "FLAGGED" => SearchQuery.Flagged,
                    "DELETED" => SearchQuery.Deleted,
                    "DRAFT" => SearchQuery.Draft,
                    "RECENT" => SearchQuery.Recent,
                    _ => null, // keywords: compared case-insensitively on the fetched FLAGS
                };
            case RuleKind.InternalDateCompare:
                {
                    // The message side is its INTERNALDATE day at 00:00 UTC, so the comparison is exact at day resolution.
                    var r = rule.Date!.Value.UtcDateTime;
                    var day = r.Date;
                    bool midnight = r.TimeOfDay == TimeSpan.Zero;
                    return rule.DateOperator switch
                    {
                        DateOperator.After => SearchQuery.DeliveredAfter(day.AddDays(1)),
                        DateOperator.Before => SearchQuery.DeliveredBefore(midnight ? day : day.AddDays(1)),
                        _ => midnight ? SearchQuery.DeliveredOn(day) : Impossible(out none),
                    };
                }
            case RuleKind.DateCompare:
                {
                    // SENTSINCE/SENTBEFORE ignore time and zone: widen by a day each way, then compare exactly on the header.
                    var day = rule.Date!.Value.UtcDateTime.Date;
                    return rule.DateOperator switch
                    {
                        DateOperator.After => SearchQuery.SentSince(day.AddDays(-1)),
                        DateOperator.Before => SearchQuery.SentBefore(day.AddDays(2)),
                        _ => SearchQuery.SentSince(day.AddDays(-1)).And(SearchQuery.SentBefore(day.AddDays(2))),
                    };
                }
            default:
                return null;
        }
    }

    /// <summary>True when the server's answer is final (no header fetch needed for this rule).</summary>
    public static bool NeedsClientCheck(FilterRule rule) => !rule.ServerOnly;

    /// <summary>The header fields a client-side check needs.</summary>
    public static IEnumerable<string> HeaderFields(FilterRule rule) => rule.Kind switch
    {
        RuleKind.Header => [rule.Field],
        RuleKind.DateCompare => ["Date"],
        _ => [],
    };

    /// <summary>
    /// The client-side check of a candidate. <paramref name="badDate"/> receives the header text of a Date the rule
    /// could not parse (the caller logs <c>Bad date: …</c>).
    /// </summary>
    public static bool Matches(FilterRule rule, MessageFacts m, Action<string>? badDate = null)
    {
        switch (rule.Kind)
        {
            case RuleKind.Header:
                return rule.Pattern!.IsMatch(HeaderValue(m.Headers, rule.Field));
            case RuleKind.InternalDateRegex:
                return m.InternalDate is DateTimeOffset d && rule.Pattern!.IsMatch(RuleDates.InternalDay(d));
            case RuleKind.Size:
                return rule.Operator switch { '>' => m.Size > rule.SizeLimit, '<' => m.Size < rule.SizeLimit, _ => m.Size == rule.SizeLimit };
            case RuleKind.Flags:
                return FlagNames(m).Contains(rule.FlagName!, StringComparer.OrdinalIgnoreCase);
            case RuleKind.InternalDateCompare:
                return m.InternalDate is DateTimeOffset id && Compare(RuleDates.InternalDayInstant(id), rule);
            case RuleKind.DateCompare:
                {
                    string value = HeaderValue(m.Headers, "Date");
                    if (!RuleDates.TryParseHeaderDate(value, out var date))
                    {
                        badDate?.Invoke(value);
                        return false;
                    }
                    return Compare(date, rule);
                }
            default:
                return true; // ISEARCH: the server decided
        }
    }

    /// <summary>
    /// The value a header rule sees: the first occurrence of the field, unfolded, without its <c>Name:</c> prefix,
    /// as raw text (no RFC 2047 decoding; bytes as UTF-8 when valid, else Latin-1). A missing header gives "".
    /// </summary>
    public static string HeaderValue(HeaderList headers, string field)
    {
        var header = headers.FirstOrDefault(h => h.Field.Equals(field, StringComparison.OrdinalIgnoreCase));
        if (header is null) return "";
        byte[] raw = header.RawValue;
        string text;
        try { text = new UTF8Encoding(false, true).GetString(raw); }
        catch (DecoderFallbackException) { text = Encoding.Latin1.GetString(raw); }
        return text.Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();
    }

    /// <summary>The flag names a Flags rule compares with: system flags and keywords without <c>\</c>/<c>$</c>, plus <c>Unseen</c>.</summary>
    public static IEnumerable<string> FlagNames(MessageFacts m)
    {
        foreach (MessageFlags f in new[] { MessageFlags.Seen, MessageFlags.Answered, MessageFlags.Flagged, MessageFlags.Deleted, MessageFlags.Draft, MessageFlags.Recent })
            if (m.Flags.HasFlag(f)) yield return f.ToString();
        if (!m.Flags.HasFlag(MessageFlags.Seen)) yield return "Unseen";
        foreach (string k in m.Keywords) yield return k.TrimStart('$');
    }

    private static bool Compare(DateTimeOffset message, FilterRule rule) => rule.DateOperator switch
    {
        DateOperator.After => message > rule.Date!.Value,
        DateOperator.Before => message < rule.Date!.Value,
        _ => Math.Abs((message - rule.Date!.Value).TotalSeconds) < 1,
    };

    private static int Clamp(long n) => (int)Math.Clamp(n, 0, int.MaxValue);

    private static SearchQuery? Impossible(out bool none)
    {
        none = true;
        return null;
    }
}
