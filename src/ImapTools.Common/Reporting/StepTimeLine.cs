using System.Globalization;

namespace ImapTools.Common.Reporting;

/// <summary>
/// imapPing's timing line (spec imapPing §4.2): the label packed to 35 characters (padded or cut, Perl
/// <c>pack "A35"</c>), the local time as <c>HH:MM:SS</c> and one trailing space.
/// </summary>
public static class StepTimeLine
{
    /// <summary>The label column width.</summary>
    public const int LabelWidth = 35;

    /// <summary>Formats one line (without the line feed).</summary>
    public static string Format(string label, DateTime localTime) =>
        PerlFormat.PackA(label, LabelWidth) + localTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " ";
}
