using System.Globalization;
using MailKit.Search;

namespace ImapTools.Common.Selection;

/// <summary>IMAP dates as users type them: <c>DD-MMM-YYYY</c> (e.g. <c>01-Mar-2012</c>).</summary>
public static class ImapDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>
    /// Validates like imapcopy (spec §6.3): day 1–31, a month that contains a month abbreviation (any case, so
    /// "January" passes), year 1901–2998. Failure: <c>The '&lt;label&gt;' date &lt;d&gt; must be in DD-MMM-YYYY format</c>.
    /// </summary>
    public static DateTime ParseLegacy(string value, string label)
    {
        var parts = value.Split('-');
        var error = new ImapToolsException($"The '{label}' date {value} must be in DD-MMM-YYYY format", ExitCodes.Usage);
        if (parts.Length != 3) throw error;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int day) || day is < 1 or > 31) throw error;
        int month = Array.FindIndex(Months, m => parts[1].Contains(m, StringComparison.OrdinalIgnoreCase)) + 1;
        if (month == 0) throw error;
        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int year) || year is < 1901 or > 2998) throw error;
        if (day > DateTime.DaysInMonth(year, month)) throw error;
        return new DateTime(year, month, day);
    }

    /// <summary>Formats a date as <c>01-Mar-2012</c>.</summary>
    public static string Format(DateTime date) => date.ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture);
}

/// <summary>A server-side INTERNALDATE range (-a SINCE, inclusive; -b BEFORE, exclusive).</summary>
/// <param name="Since">First day included.</param>
/// <param name="Before">First day excluded.</param>
public sealed record DateRange(DateTime? Since, DateTime? Before)
{
    /// <summary>The SEARCH query: <c>SINCE a BEFORE b</c>.</summary>
    public SearchQuery ToSearchQuery()
    {
        SearchQuery? q = null;
        if (Since is DateTime s) q = SearchQuery.DeliveredAfter(s);
        if (Before is DateTime b) q = q is null ? SearchQuery.DeliveredBefore(b) : q.And(SearchQuery.DeliveredBefore(b));
        return q ?? SearchQuery.All;
    }

    /// <summary>The legacy log text: <c>(SINCE a) (BEFORE b)</c>, <c>SINCE a</c> or <c>BEFORE b</c>.</summary>
    public string Describe() => (Since, Before) switch
    {
        (DateTime s, DateTime b) => $"(SINCE {ImapDate.Format(s)}) (BEFORE {ImapDate.Format(b)})",
        (DateTime s, null) => $"SINCE {ImapDate.Format(s)}",
        (null, DateTime b) => $"BEFORE {ImapDate.Format(b)}",
        _ => "ALL",
    };
}

/// <summary>imapcopy -J: a client-side INTERNALDATE filter at day resolution, local time.</summary>
/// <param name="Since">True for SINCE (keep dates on or after), false for BEFORE (keep dates before).</param>
/// <param name="Cutoff">The day.</param>
public sealed record ClientDateFilter(bool Since, DateTime Cutoff)
{
    /// <summary>Parses <c>SINCE=DD-MMM-YYYY</c> or <c>BEFORE=DD-MMM-YYYY</c>.</summary>
    public static ClientDateFilter Parse(string value)
    {
        int eq = value.IndexOf('=');
        string op = eq < 0 ? value : value[..eq];
        if (!value.Contains("SINCE", StringComparison.Ordinal) && !value.Contains("BEFORE", StringComparison.Ordinal))
            throw new ImapToolsException("Error:  Special search operators are SINCE and BEFORE.", ExitCodes.Usage);
        if (eq < 0 || op is not ("SINCE" or "BEFORE"))
            throw new ImapToolsException($"Error:  -J must be SINCE=DD-MMM-YYYY or BEFORE=DD-MMM-YYYY, not '{value}'", ExitCodes.Usage);
        return new ClientDateFilter(op == "SINCE", ImapDate.ParseLegacy(value[(eq + 1)..], op));
    }

    /// <summary>True when the message's INTERNALDATE passes.</summary>
    public bool Matches(DateTimeOffset internalDate)
    {
        var day = internalDate.LocalDateTime.Date;
        return Since ? day >= Cutoff.Date : day < Cutoff.Date;
    }
}
