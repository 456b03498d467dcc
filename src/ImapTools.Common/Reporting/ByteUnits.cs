using System.Globalization;

namespace ImapTools.Common.Reporting;

/// <summary>migrateIMAP's byte formatter (spec migrateIMAP §8.5): the unit is chosen by the number of digits.</summary>
public static class ByteUnits
{
    /// <summary>
    /// 10 digits or more → GB (/1e9), 7 or more → MB (/1e6), otherwise KB (/1e3), with two decimals as Perl's
    /// <c>%.2f</c>: <c>0.00 KB</c>, <c>4.56 MB</c>.
    /// </summary>
    /// <param name="bytes">The byte count (not negative).</param>
    public static string ByDigits(long bytes)
    {
        int digits = Math.Abs(bytes).ToString(CultureInfo.InvariantCulture).Length;
        return digits >= 10 ? PerlFormat.Fixed(bytes / 1e9, 2) + " GB"
            : digits >= 7 ? PerlFormat.Fixed(bytes / 1e6, 2) + " MB"
            : PerlFormat.Fixed(bytes / 1e3, 2) + " KB";
    }
}
