namespace ImapTools.Common.Copy;

/// <summary>Byte-level rewrites that some destinations need (imapcopy -c and -W).</summary>
public static class MessageText
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    /// <summary>
    /// -c (Cyrus): every line ends with CRLF; a bare LF or bare CR-less line gets CR added. Trailing empty lines are
    /// dropped and the message ends with exactly one CRLF (legacy §7.4).
    /// </summary>
    public static byte[] NormalizeLineEndings(byte[] data)
    {
        var lines = SplitLines(data);
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        using var output = new MemoryStream(data.Length + lines.Count);
        foreach (var line in lines)
        {
            output.Write(line);
            output.Write(CrLf);
        }
        return output.ToArray();
    }

    /// <summary>
    /// -W (Office365): lines of <paramref name="width"/> or more characters are cut into chunks of that width, each
    /// ending with CRLF. Unlike the original, a line whose length is an exact multiple of the width gains no extra
    /// empty line (Q22: that empty line ended the header early).
    /// </summary>
    public static byte[] WrapLongLines(byte[] data, int width)
    {
        var lines = SplitLines(data);
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        using var output = new MemoryStream(data.Length + 64);
        foreach (var line in lines)
        {
            for (int offset = 0; offset < line.Length || offset == 0; offset += width)
            {
                int n = Math.Min(width, line.Length - offset);
                output.Write(line, offset, n);
                output.Write(CrLf);
                if (line.Length == 0) break;
            }
        }
        return output.ToArray();
    }

    /// <summary>
    /// Turns every bare LF into CRLF, the line end IMAP requires; CRLF stays. A message without a bare LF is returned
    /// unchanged (the same array, no copy).
    /// </summary>
    public static byte[] ToCrLf(byte[] data)
    {
        int bare = CountBareLf(data);
        return bare == 0 ? data : WithCrLf(data, bare);
    }

    /// <summary>Turns every bare LF of <paramref name="data"/> into CRLF, always into a new array.</summary>
    public static byte[] ToCrLf(ReadOnlySpan<byte> data) => WithCrLf(data, CountBareLf(data));

    /// <summary>The length <paramref name="data"/> has with CRLF line ends (the RFC822.SIZE an IMAP server reports).</summary>
    public static long CrLfLength(ReadOnlySpan<byte> data) => data.Length + CountBareLf(data);

    /// <summary>How many LFs are not preceded by CR.</summary>
    private static int CountBareLf(ReadOnlySpan<byte> data)
    {
        int bare = 0;
        int at = 0;
        int found;
        while ((found = data[at..].IndexOf((byte)'\n')) >= 0)
        {
            at += found;
            if (at == 0 || data[at - 1] != (byte)'\r') bare++;
            at++;
        }
        return bare;
    }

    private static byte[] WithCrLf(ReadOnlySpan<byte> data, int bare)
    {
        var output = new byte[data.Length + bare];
        for (int i = 0, k = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'\n' && (i == 0 || data[i - 1] != (byte)'\r')) output[k++] = (byte)'\r';
            output[k++] = data[i];
        }
        return output;
    }

    /// <summary>Splits at LF, removing one CR before each LF.</summary>
    private static List<byte[]> SplitLines(byte[] data)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i <= data.Length; i++)
        {
            if (i == data.Length || data[i] == (byte)'\n')
            {
                int end = i;
                if (end > start && data[end - 1] == (byte)'\r') end--;
                lines.Add(data[start..end]);
                start = i + 1;
            }
        }
        return lines;
    }
}
