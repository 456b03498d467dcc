using System.Globalization;
using System.Numerics;
using System.Text;

namespace ImapTools.Common.Reporting;

/// <summary>
/// The number formatting the legacy reports printed through Perl (spec _common §11): glibc's <c>%.Nf</c>,
/// Perl's default stringification (<c>%.15g</c>), thousands separators and <c>pack "A&lt;n&gt;"</c>.
/// </summary>
public static class PerlFormat
{
    /// <summary>
    /// <c>sprintf("%.{digits}f", value)</c> as glibc prints it: the exact binary value rounded half to even
    /// (125000/1e6 → <c>0.12</c>), where .NET's "F2" would round exact ties away from zero.
    /// </summary>
    public static string Fixed(double value, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        bool negative = value < 0 || (value == 0 && double.IsNegative(value));
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        int rawExponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        BigInteger mantissa = rawExponent == 0 ? fraction : fraction | (1L << 52);
        int exponent = (rawExponent == 0 ? 1 : rawExponent) - 1075;

        // value = mantissa * 2^exponent; scaled = value * 10^digits as numerator / denominator.
        BigInteger numerator = mantissa * BigInteger.Pow(10, digits);
        BigInteger denominator = BigInteger.One;
        if (exponent >= 0) numerator <<= exponent;
        else denominator <<= -exponent;
        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        int compare = (remainder * 2).CompareTo(denominator);
        if (compare > 0 || (compare == 0 && !quotient.IsEven)) quotient += 1;

        string text = quotient.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        sb.Append(text, 0, text.Length - digits);
        if (digits > 0) sb.Append('.').Append(text, text.Length - digits, digits);
        return sb.ToString();
    }

    /// <summary>Perl's default number stringification (<c>%.15g</c>): <c>1.5</c>, <c>0</c>, <c>1234567.89123457</c>, <c>1e+15</c>.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "Inf" : "-Inf";
        if (value == 0) return "0";
        string text = value.ToString("G15", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        if (e < 0) return text;
        // .NET writes 1E+15; C writes 1e+15 (at least two exponent digits).
        string mantissa = text[..e];
        char sign = text[e + 1];
        string digits = text[(e + 2)..].TrimStart('0').PadLeft(2, '0');
        return $"{mantissa}e{sign}{digits}";
    }

    /// <summary>Inserts <c>,</c> every three digits of the leading integer part: <c>1583.27</c> → <c>1,583.27</c>.</summary>
    public static string Commafy(string number)
    {
        int start = number.Length > 0 && (number[0] == '-' || number[0] == '+') ? 1 : 0;
        int end = start;
        while (end < number.Length && char.IsAsciiDigit(number[end])) end++;
        var sb = new StringBuilder(number.Length + 8);
        sb.Append(number, 0, start);
        for (int i = start; i < end; i++)
        {
            if (i > start && (end - i) % 3 == 0) sb.Append(',');
            sb.Append(number[i]);
        }
        sb.Append(number, end, number.Length - end);
        return sb.ToString();
    }

    /// <summary>Thousands separators for an integer: <c>12345678901</c> → <c>12,345,678,901</c>.</summary>
    public static string Commafy(long number) => Commafy(number.ToString(CultureInfo.InvariantCulture));

    /// <summary>Perl's <c>pack "A&lt;width&gt;"</c>: left-justified, padded with spaces and truncated to <paramref name="width"/>.</summary>
    public static string PackA(string text, int width) =>
        text.Length >= width ? text[..width] : text.PadRight(width);

    /// <summary>Perl's numeric value of a string: its leading numeric prefix (<c>"434.87 MB"</c> → 434.87), else 0.</summary>
    public static double NumericPrefix(string text)
    {
        int i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        int start = i;
        if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
        int digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.') { i++; while (i < text.Length && char.IsAsciiDigit(text[i])) i++; }
        if (i == digitsStart || (i == digitsStart + 1 && text[digitsStart] == '.')) return 0;
        int mantissaEnd = i;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-')) j++;
            int expDigits = j;
            while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
            if (j > expDigits) mantissaEnd = j;
        }
        return double.Parse(text.AsSpan(start, mantissaEnd - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
