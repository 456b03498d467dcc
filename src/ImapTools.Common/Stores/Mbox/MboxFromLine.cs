using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;

namespace ImapTools.Common.Stores.Mbox;

/// <summary>
/// The <c>From </c> separator line of an mbox file: <c>From &lt;envelope sender&gt; &lt;asctime date&gt;</c>, the date
/// in UTC as classic asctime (<c>Mon Mar  5 09:59:00 2012</c>), the form mutt, mailutils and Python's mailbox read.
/// </summary>
public static partial class MboxFromLine
{
    /// <summary>The sender used when a message names none.</summary>
    public const string DefaultSender = "MAILER-DAEMON";

    /// <summary>Builds the line (without line end).</summary>
    public static string Format(string sender, DateTimeOffset date) => $"From {sender} {Asctime(date)}";

    /// <summary>The date as asctime in UTC, day padded with a space.</summary>
    public static string Asctime(DateTimeOffset date)
    {
        var utc = date.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"{utc:ddd MMM} {utc.Day,2} {utc:HH:mm:ss yyyy}");
    }

    /// <summary>
    /// The envelope sender of a message: the <c>Return-Path</c> address, else the first <c>From:</c> address, else
    /// <see cref="DefaultSender"/>. An address containing whitespace (it would break the line) also gives the default.
    /// </summary>
    public static string EnvelopeSender(IReadOnlyList<RawHeader> headers)
    {
        foreach (string field in new[] { "Return-Path", "From" })
        {
            var header = headers.FirstOrDefault(h => h.Is(field));
            if (header is null) continue;
            string? address = null;
            if (InternetAddressList.TryParse(header.Value, out var list))
                address = list.Mailboxes.FirstOrDefault()?.Address;
            else if (field == "Return-Path")
                address = header.Value.Trim('<', '>', ' ');
            if (!string.IsNullOrEmpty(address) && !address.Any(char.IsWhiteSpace)) return address;
        }
        return DefaultSender;
    }

    /// <summary>
    /// Parses the date of a From_ line: asctime with an optional zone before or after the year
    /// (<c>Mon Mar  5 09:59:00 2012</c>, <c>Mon Mar 05 09:59 PST 2012</c>, <c>… 2012 +0100</c>). A date without an
    /// offset is taken as UTC (what this writer and Python's mailbox write). Null when there is none.
    /// </summary>
    public static DateTimeOffset? ParseDate(string line)
    {
        var m = DatePattern().Match(line);
        if (!m.Success) return null;
        int month = Array.IndexOf(Months, m.Groups["mon"].Value[..1].ToUpperInvariant() + m.Groups["mon"].Value[1..].ToLowerInvariant()) + 1;
        if (month <= 0) return null;
        int day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
        int hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        int minute = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        int second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        int year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        var offset = TimeSpan.Zero;
        string zone = m.Groups["z2"].Success ? m.Groups["z2"].Value : m.Groups["z1"].Value;
        if (zone.Length == 5 && zone[0] is '+' or '-')
        {
            int hh = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture), mm = int.Parse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture);
            offset = new TimeSpan(hh, mm, 0) * (zone[0] == '-' ? -1 : 1);
        }
        try { return new DateTimeOffset(year, month, day, hour, minute, second, offset); }
        catch (ArgumentException) { return null; }
    }

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    [GeneratedRegex(@"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s+(?<mon>[A-Za-z]{3})\s+(?<day>\d{1,2})\s+(?<h>\d{1,2}):(?<m>\d{2})(?::(?<s>\d{2}))?(?:\s+(?<z1>[A-Z]{1,5}|[+-]\d{4}))?\s+(?<year>\d{4})(?:\s+(?<z2>[+-]\d{4}))?\s*$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DatePattern();
}
