using System.Globalization;
using ImapTools.Common.Mapping;

namespace ImapTools.Common.Reporting;

/// <summary>The lines of list_imap_folders' report (spec list_imap_folders §4–§5), each without its line feed.</summary>
public static class FolderListReport
{
    /// <summary>The separator before and after each user (38 <c>=</c>).</summary>
    public const string Separator = "======================================";

    /// <summary>The first line of <c>large_msg_report.list</c> (with its trailing space).</summary>
    public const string LargeReportTitle = "Large message report ";

    /// <summary><c>Mailbox delimiter = /</c>.</summary>
    public static string DelimiterLine(char delimiter) => $"Mailbox delimiter = {delimiter}";

    /// <summary><c>Mailbox prefix    = NONE</c> when there is no prefix, else the prefix (the original printed nothing, Q1).</summary>
    public static string PrefixLine(string prefix) => "Mailbox prefix    = " + (string.IsNullOrEmpty(prefix) ? "NONE" : prefix);

    /// <summary>
    /// The name shown for a raw (modified UTF-7) mailbox name: the namespace prefix removed from the start, every
    /// delimiter replaced by <c>/</c> (none when the delimiter is empty, Q9), then decoded.
    /// </summary>
    public static string DisplayName(string rawName, string prefix, char? delimiter)
    {
        ArgumentNullException.ThrowIfNull(rawName);
        string name = !string.IsNullOrEmpty(prefix) && rawName.StartsWith(prefix, StringComparison.Ordinal) ? rawName[prefix.Length..] : rawName;
        if (delimiter is char d && d != '/') name = name.Replace(d, '/');
        return ModifiedUtf7.TryDecode(name, out string decoded) ? decoded : name;
    }

    /// <summary>The size column: <c>%.2f</c> of bytes / 10^6 (decimal MB).</summary>
    public static string Megabytes(long bytes) => PerlFormat.Fixed(bytes / 1e6, 2);

    /// <summary>A folder line: <c>Name</c>, or with statistics <c>Name   (8 msgs, 1.50 MB)</c>.</summary>
    public static string FolderLine(string displayName, int? messages = null, long? bytes = null) =>
        messages is int n
            ? $"{displayName}   ({n.ToString(CultureInfo.InvariantCulture)} msgs, {Megabytes(bytes ?? 0)} MB)"
            : displayName;

    /// <summary>
    /// The two total lines: <c>Total bytes   X GB</c> where X is <c>%.2f</c> of the sum of the per-folder MB figures
    /// as rounded to two decimals, divided by 1000 (Q8), and <c>Total msgs    N</c>.
    /// </summary>
    public static IReadOnlyList<string> TotalLines(IEnumerable<long> folderBytes, int messages)
    {
        ArgumentNullException.ThrowIfNull(folderBytes);
        double megabytes = 0;
        foreach (long b in folderBytes)
            megabytes += PerlFormat.NumericPrefix(Megabytes(b));
        return [$"Total bytes   {PerlFormat.Fixed(megabytes / 1000, 2)} GB", $"Total msgs    {messages.ToString(CultureInfo.InvariantCulture)}"];
    }

    /// <summary>A line of <c>large_msg_report.list</c>: <c>INBOX   (1.5 MB) Subject</c> (size <c>%.1f</c> of bytes / 10^6).</summary>
    public static string LargeMessageLine(string mailbox, long bytes, string subject) =>
        $"{mailbox}   ({PerlFormat.Fixed(bytes / 1e6, 1)} MB) {subject}";
}
