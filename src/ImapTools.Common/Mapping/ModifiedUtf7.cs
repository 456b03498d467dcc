using System.Text;

namespace ImapTools.Common.Mapping;

/// <summary>
/// IMAP modified UTF-7 (RFC 3501 §5.1.3), the wire form of non-ASCII mailbox names.
/// MailKit encodes and decodes folder names itself but does not expose its encoder publicly, so this small one
/// is used for legacy output lines (names "as sent to the server") and to accept names that users type already
/// encoded (for example <c>Caf&amp;AOk-</c> in -m, -e or a map file).
/// </summary>
public static class ModifiedUtf7
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    /// <summary>Encodes a Unicode mailbox name to modified UTF-7 (printable ASCII is kept, <c>&amp;</c> becomes <c>&amp;-</c>).</summary>
    /// <param name="name">The mailbox name as a .NET string.</param>
    /// <returns>The encoded name; identical to <paramref name="name"/> when it is printable ASCII without <c>&amp;</c>.</returns>
    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length + 8);
        int i = 0;
        while (i < name.Length)
        {
            char c = name[i];
            if (c == '&') { sb.Append("&-"); i++; continue; }
            if (c >= 0x20 && c <= 0x7e) { sb.Append(c); i++; continue; }
            int start = i;
            while (i < name.Length && (name[i] < 0x20 || name[i] > 0x7e)) i++;
            sb.Append('&');
            int bits = 0, buffer = 0;
            for (int k = start; k < i; k++)
            {
                buffer = (buffer << 16) | name[k];
                bits += 16;
                while (bits >= 6)
                {
                    bits -= 6;
                    sb.Append(Alphabet[(buffer >> bits) & 0x3f]);
                }
                buffer &= (1 << bits) - 1;
            }
            if (bits > 0) sb.Append(Alphabet[(buffer << (6 - bits)) & 0x3f]);
            sb.Append('-');
        }
        return sb.ToString();
    }

    /// <summary>Decodes a modified UTF-7 mailbox name.</summary>
    /// <param name="wire">The encoded name.</param>
    /// <returns>The Unicode name.</returns>
    /// <exception cref="FormatException">The text is not valid modified UTF-7.</exception>
    public static string Decode(string wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        return TryDecode(wire, out string name) ? name : throw new FormatException($"'{wire}' is not valid modified UTF-7");
    }

    /// <summary>Decodes a modified UTF-7 mailbox name without throwing.</summary>
    /// <param name="wire">The encoded name.</param>
    /// <param name="name">The Unicode name, or <paramref name="wire"/> itself when decoding fails.</param>
    /// <returns>True when <paramref name="wire"/> is valid modified UTF-7.</returns>
    public static bool TryDecode(string wire, out string name)
    {
        ArgumentNullException.ThrowIfNull(wire);
        name = wire;
        var sb = new StringBuilder(wire.Length);
        int i = 0;
        while (i < wire.Length)
        {
            char c = wire[i];
            if (c < 0x20 || c > 0x7e) return false;
            if (c != '&') { sb.Append(c); i++; continue; }
            int end = wire.IndexOf('-', i + 1);
            if (end < 0) return false;
            if (end == i + 1) { sb.Append('&'); i = end + 1; continue; }
            int bits = 0, buffer = 0;
            for (int k = i + 1; k < end; k++)
            {
                int v = Alphabet.IndexOf(wire[k]);
                if (v < 0) return false;
                buffer = (buffer << 6) | v;
                bits += 6;
                if (bits >= 16)
                {
                    bits -= 16;
                    sb.Append((char)((buffer >> bits) & 0xffff));
                    buffer &= (1 << bits) - 1;
                }
            }
            // Leftover bits must be fewer than 6 and all zero (RFC 2152 padding rule).
            if (bits >= 6 || buffer != 0) return false;
            i = end + 1;
        }
        string result = sb.ToString();
        if (!IsWellFormedUtf16(result)) return false;
        name = result;
        return true;
    }

    /// <summary>
    /// True when <paramref name="s"/> is printable ASCII containing <c>&amp;</c>, decodes as modified UTF-7 and is in
    /// canonical form (re-encoding the decoded name gives <paramref name="s"/> back). Plain names such as
    /// <c>Tom &amp; Jerry</c> or <c>R&amp;D</c> are therefore not taken for encoded ones.
    /// </summary>
    /// <param name="s">A name as typed by a user.</param>
    /// <returns>True when the name should be decoded before use.</returns>
    public static bool LooksEncoded(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.IndexOf('&') < 0) return false;
        return TryDecode(s, out string decoded) && string.Equals(Encode(decoded), s, StringComparison.Ordinal);
    }

    /// <summary>Decodes <paramref name="s"/> when <see cref="LooksEncoded"/> says so, otherwise returns it unchanged.</summary>
    /// <param name="s">A name as typed by a user.</param>
    /// <returns>The Unicode name.</returns>
    public static string DecodeIfEncoded(string s) => LooksEncoded(s) ? Decode(s) : s;

    private static bool IsWellFormedUtf16(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(s[i])) return false;
        }
        return true;
    }
}
