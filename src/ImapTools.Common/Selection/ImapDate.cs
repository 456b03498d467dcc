using System.Globalization;
using MailKit.Search;

namespace ImapTools.Common.Selection;

/// <summary>IMAP <c>DD-MMM-YYYY</c> dates as typed by users (-a, -b, -J) and as shown in legacy output.</summary>
public static class ImapDate
{
    private static readonly string[] Months = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };

    /// <summary>
    /// Validates and parses a date the way imapcopy does (spec §6.3): split on <c>-</c>; the day must be 1-31, the
    /// month must <em>contain</em> one of Jan…Dec in any case (so <c>January</c> passes), the year must be 1901-2998.
    /// In addition the date must exist (<c>31-Feb-2012</c> is refused instead of being sent to the server).
    /// </summary>
    /// <param name="value">The date text, e.g. <c>01-Mar-2012</c>.</param>
    /// <param name="label">The word used in the message; imapcopy uses <c>Sent after</c> for both -a and -b.</param>
    /// <returns>The date (time of day 00:00, <see cref="DateTimeKind.Unspecified"/>).</returns>
    /// <exception cref="ImapToolsException">The date is invalid (<see cref="ExitCodes.Usage"/>).</exception>
    public static DateTime ParseLegacy(string value, string label)
    {
        if (TryParseLegacy(value, out DateTime date)) return date;
        throw new ImapToolsException($"The '{label}' date {value} must be in DD-MMM-YYYY format", ExitCodes.Usage);
    }

    /// <summary>Like <see cref="ParseLegacy"/> without throwing.</summary>
    /// <param name="value">The date text.</param>
    /// <param name="date">The date when valid.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParseLegacy(string? value, out DateTime date)
    {
        date = default;
        if (value is null) return false;
        string[] parts = value.Split('-');
        if (parts.Length != 3) return false;
        if (!TryDigits(parts[0], out int day) || day < 1 || day > 31) return false;
        int month = Array.FindIndex(Months, m => parts[1].Contains(m, StringComparison.OrdinalIgnoreCase)) + 1;
        if (month == 0) return false;
        if (!TryDigits(parts[2], out int year) || year < 1901 || year > 2998) return false;
        if (day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>Formats a date as IMAP <c>DD-MMM-YYYY</c>, e.g. <c>01-Mar-2012</c> (invariant culture).</summary>
    /// <param name="date">The date; the time of day is ignored.</param>
    /// <returns>The text.</returns>
    public static string Format(DateTime date) => date.ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture);

    private static bool TryDigits(string s, out int n)
    {
        n = 0;
        if (s.Length == 0 || s.Length > 4) return false;
        foreach (char c in s)
        {
            if (c is < '0' or > '9') return false;
            n = n * 10 + (c - '0');
        }
        return true;
    }
}

/// <summary>The -a / -b server-side INTERNALDATE range (SINCE inclusive, BEFORE exclusive).</summary>
/// <param name="Since">-a: messages on or after this date, or null.</param>
/// <param name="Before">-b: messages before this date, or null.</param>
public sealed record DateRange(DateTime? Since, DateTime? Before)
{
    /// <summary>True when at least one bound is set (imapcopy then uses its dated listing).</summary>
    public bool IsSet => Since is not null || Before is not null;

    /// <summary>The MailKit query: SINCE and/or BEFORE on INTERNALDATE; <see cref="SearchQuery.All"/> when neither is set.</summary>
    /// <returns>The query.</returns>
    public SearchQuery ToSearchQuery()
    {
        SearchQuery? since = Since is DateTime s ? SearchQuery.DeliveredAfter(s.Date) : null;
        SearchQuery? before = Before is DateTime b ? SearchQuery.DeliveredBefore(b.Date) : null;
        return (since, before) switch
        {
            (not null, not null) => since.And(before),
            (not null, null) => since,
            (null, not null) => before,
            _ => SearchQuery.All,
        };
    }

    /// <summary>
    /// The legacy text of the search (logged as <c>Searching for messsages &lt;text&gt;</c>):
    /// <c>(SINCE a) (BEFORE b)</c>, <c>SINCE a</c>, <c>BEFORE b</c>, or <c>ALL</c>. Dates are shown normalised
    /// (<c>01-Jan-2012</c>), not as typed.
    /// </summary>
    /// <returns>The text.</returns>
    public string Describe() => (Since, Before) switch
    {
        (DateTime s, DateTime b) => $"(SINCE {ImapDate.Format(s)}) (BEFORE {ImapDate.Format(b)})",
        (DateTime s, null) => $"SINCE {ImapDate.Format(s)}",
        (null, DateTime b) => $"BEFORE {ImapDate.Format(b)}",
        _ => "ALL",
    };
}

/// <summary>The imapcopy -J client-side INTERNALDATE filter (spec §6.4).</summary>
/// <param name="Since">True for <c>SINCE=</c> (keep dates on or after the cutoff), false for <c>BEFORE=</c> (keep dates before it).</param>
/// <param name="Cutoff">The cutoff date (time of day ignored).</param>
public sealed record ClientDateFilter(bool Since, DateTime Cutoff)
{
    /// <summary>Parses <c>SINCE=DD-MMM-YYYY</c> or <c>BEFORE=DD-MMM-YYYY</c> (operator case-sensitive).</summary>
    /// <param name="value">The -J value.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ImapToolsException">No SINCE/BEFORE operator, or an invalid date (<see cref="ExitCodes.Usage"/>).</exception>
    public static ClientDateFilter Parse(string value)
    {
        int eq = (value ?? "").IndexOf('=');
        string op = eq < 0 ? "" : value![..eq].Trim();
        if (op is not ("SINCE" or "BEFORE"))
            throw new ImapToolsException("Error:  Special search operators are SINCE and BEFORE.", ExitCodes.Usage);
        DateTime date = ImapDate.ParseLegacy(value![(eq + 1)..].Trim(), op);
        return new ClientDateFilter(op == "SINCE", date);
    }

    /// <summary>
    /// True when the message is kept. The comparison is at day resolution on the calendar date of the INTERNALDATE
    /// as the server wrote it (its own offset), both sides taken at local midnight exactly as the original did, so
    /// the result does not depend on the time zone of the machine running the tool.
    /// </summary>
    /// <param name="internalDate">The message INTERNALDATE.</param>
    /// <returns>SINCE: date ≥ cutoff; BEFORE: date &lt; cutoff.</returns>
    public bool Matches(DateTimeOffset internalDate)
    {
        DateTime day = internalDate.DateTime.Date;
        return Since ? day >= Cutoff.Date : day < Cutoff.Date;
    }
}
