using System.Text;

namespace ImapTools.Common.Mapping;

/// <summary>
/// IMAP's modified UTF-7 for mailbox names (RFC 3501 §5.1.3). MailKit encodes and decodes names on the wire; this is
/// for the places where users and output lines see the encoded form (legacy lines show names "as sent to the server",
/// and users of the originals typed <c>Caf&amp;AOk-</c>).
/// </summary>
public static class ModifiedUtf7
{
    /// <summary>Encodes a Unicode name.</summary>
    public static string Encode(string name)
    {
        var sb = new StringBuilder(name.Length);
        int i = 0;
        while (i < name.Length)
        {
            char c = name[i];
            if (c == '&') { sb.Append("&-"); i++; continue; }
            if (c >= 0x20 && c <= 0x7e) { sb.Append(c); i++; continue; }
            int start = i;
            while (i < name.Length && (name[i] < 0x20 || name[i] > 0x7e)) i++;
            byte[] utf16 = Encoding.BigEndianUnicode.GetBytes(name[start..i]);
            sb.Append('&').Append(Convert.ToBase64String(utf16).TrimEnd('=').Replace('/', ',')).Append('-');
        }
        return sb.ToString();
    }

    /// <summary>Decodes a modified UTF-7 name; invalid sequences are left as they are.</summary>
    public static string Decode(string wire) => TryDecode(wire, out string decoded) ? decoded : wire;

    /// <summary>True when <paramref name="s"/> is pure ASCII, contains an <c>&amp;</c> sequence and decodes cleanly.</summary>
    public static bool LooksEncoded(string s) => s.Contains('&') && s.All(c => c < 0x80) && TryDecode(s, out _);

    private static bool TryDecode(string wire, out string decoded)
    {
        var sb = new StringBuilder(wire.Length);
        decoded = wire;
        int i = 0;
        while (i < wire.Length)
        {
            char c = wire[i];
            if (c != '&') { sb.Append(c); i++; continue; }
            int end = wire.IndexOf('-', i + 1);
            if (end < 0) return false;
            if (end == i + 1) { sb.Append('&'); i = end + 1; continue; }
            string b64 = wire[(i + 1)..end].Replace(',', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            try
            {
                byte[] bytes = Convert.FromBase64String(b64);
                if (bytes.Length % 2 != 0) return false;
                sb.Append(Encoding.BigEndianUnicode.GetString(bytes));
            }
            catch (FormatException)
            {
                return false;
            }
            i = end + 1;
        }
        decoded = sb.ToString();
        return true;
    }
}
