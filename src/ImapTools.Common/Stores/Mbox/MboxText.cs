namespace ImapTools.Common.Stores.Mbox;

/// <summary>The byte-level transformations of the mbox format: line ends and mboxrd <c>&gt;From </c> quoting.</summary>
public static class MboxText
{
    private static ReadOnlySpan<byte> FromSpace => "From "u8;

    /// <summary>CRLF → LF (a CR not followed by LF is kept).</summary>
    public static byte[] ToLf(ReadOnlySpan<byte> data)
    {
        var output = new byte[data.Length];
        int n = 0;
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == (byte)'\r' && i + 1 < data.Length && data[i + 1] == (byte)'\n') continue;
            output[n++] = data[i];
        }
        return n == data.Length ? output : output[..n];
    }

    /// <summary>mboxrd quoting: every line that matches <c>^&gt;*From </c> gets one more leading <c>&gt;</c>.</summary>
    public static byte[] Quote(ReadOnlySpan<byte> data) => Requote(data, quote: true);

    /// <summary>mboxrd unquoting: every line that matches <c>^&gt;+From </c> loses one leading <c>&gt;</c>.</summary>
    public static byte[] Unquote(ReadOnlySpan<byte> data) => Requote(data, quote: false);

    private static byte[] Requote(ReadOnlySpan<byte> data, bool quote)
    {
        using var output = new MemoryStream(data.Length + 16);
        int pos = 0;
        while (pos < data.Length)
        {
            int nl = data[pos..].IndexOf((byte)'\n');
            int end = nl < 0 ? data.Length : pos + nl + 1;
            var line = data[pos..end];
            int gt = 0;
            while (gt < line.Length && line[gt] == (byte)'>') gt++;
            bool from = line[gt..].StartsWith(FromSpace);
            if (from && quote) output.WriteByte((byte)'>');
            if (from && !quote && gt > 0) line = line[1..];
            output.Write(line);
            pos = end;
        }
        return output.ToArray();
    }

    /// <summary>True when the data starts with <c>From </c> (what makes a file an mbox file).</summary>
    public static bool StartsWithFromLine(ReadOnlySpan<byte> data) => data.StartsWith(FromSpace);
}
