using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace ImapTools.Common.Stores.Mbox;

/// <summary>One message of an mbox file, located by MimeKit's parser.</summary>
/// <param name="Number">1-based position in the file.</param>
/// <param name="MarkerOffset">Offset of the From_ line.</param>
/// <param name="FromLine">The From_ line (without line end).</param>
/// <param name="Start">Offset of the message's first byte (after the From_ line).</param>
/// <param name="End">Offset just past the message (the separating empty line before the next From_ line excluded).</param>
/// <param name="RecordEnd">Offset of the next From_ line, or the file length (the whole record is [MarkerOffset, RecordEnd)).</param>
public sealed record MboxEntry(int Number, long MarkerOffset, string FromLine, long Start, long End, long RecordEnd)
{
    /// <summary>The message length in the file.</summary>
    public int Length => checked((int)(End - Start));
}

/// <summary>
/// Splits an mbox file into messages with MimeKit's <see cref="MimeParser"/> (<see cref="MimeFormat.Mbox"/>) and gives
/// each message's exact byte range; nothing is re-serialised. A From_ line inside a message of an unquoted file is
/// only taken as a separator when it follows an empty line and contains a four-digit year. A message ends before the next From_ line; the empty
/// line that separates it from that line is not part of it (Python's mailbox rule), and neither is a final empty line
/// at the end of the file.
/// </summary>
public static partial class MboxFile
{
    /// <summary>Lists the messages of an mbox stream (seekable). An empty stream has none.</summary>
    /// <exception cref="FormatException">The data does not start with a From_ line (after optional empty lines).</exception>
    public static List<MboxEntry> Scan(Stream stream, CancellationToken ct)
    {
        var entries = new List<MboxEntry>();
        if (stream.Length == 0) return entries;
        stream.Position = 0;
        var starts = new List<(long Marker, string Line, long Start)>();
        var parser = new MimeParser(stream, MimeFormat.Mbox, persistent: true);
        long begin = -1;
        parser.MimeMessageBegin += (_, e) => { if (e.Parent is null) begin = e.BeginOffset; };
        while (!parser.IsEndOfStream)
        {
            ct.ThrowIfCancellationRequested();
            begin = -1;
            try
            {
                parser.ParseMessage(ct);
            }
            catch (FormatException) when (starts.Count == 0 && OnlyBlank(stream))
            {
                return entries;
            }
            catch (FormatException e) when (starts.Count == 0)
            {
                throw new FormatException("not an mbox file: it does not start with a From_ line", e);
            }
            long marker = parser.MboxMarkerOffset;
            string line = parser.MboxMarker ?? "";
            if (begin < 0) begin = marker + Encoding.UTF8.GetByteCount(line) + 1;
            // MimeKit splits at every line that starts with "From ". A body line of an unquoted (mboxo) file is not a
            // separator unless it follows an empty line and carries a year, as a real From_ line does (the legacy rule).
            if (starts.Count > 0 && !(FollowsEmptyLine(stream, marker) && FourDigits().IsMatch(line))) continue;
            starts.Add((marker, line, begin));
        }

        var tail = new byte[4];
        for (int i = 0; i < starts.Count; i++)
        {
            long recordEnd = i + 1 < starts.Count ? starts[i + 1].Marker : stream.Length;
            long start = Math.Min(starts[i].Start, recordEnd);
            long end = recordEnd;
            // Drop the separating empty line: "...\n\n" or "...\r\n\r\n" loses its last line end.
            int n = (int)Math.Min(4, end - start);
            stream.Position = end - n;
            stream.ReadExactly(tail, 0, n);
            var t = tail.AsSpan(0, n);
            if (t.EndsWith("\r\n\r\n"u8)) end -= 2;
            else if (t.EndsWith("\n\n"u8)) end -= 1;
            else if (end - start == 1 && t.EndsWith("\n"u8)) end -= 1;
            entries.Add(new MboxEntry(i + 1, starts[i].Marker, starts[i].Line.TrimEnd('\r'), start, end, recordEnd));
        }
        return entries;
    }

    /// <summary>Reads the bytes of one message.</summary>
    public static byte[] Read(Stream stream, MboxEntry entry)
    {
        var buffer = new byte[entry.Length];
        stream.Position = entry.Start;
        stream.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>True when the file is empty or starts with <c>From </c>.</summary>
    public static bool LooksLikeMbox(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var head = new byte[5];
        int n = stream.ReadAtLeast(head, 5, throwOnEndOfStream: false);
        return n == 0 || MboxText.StartsWithFromLine(head.AsSpan(0, n));
    }

    /// <summary>
    /// Rewrites an mbox file keeping only the records for which <paramref name="keep"/> is true, byte for byte; the new
    /// file is written next to the old one and renamed over it, so a failure leaves the original untouched.
    /// </summary>
    /// <returns>The number of records removed.</returns>
    public static int RemoveMessages(string path, Func<MboxEntry, bool> keep, CancellationToken ct)
    {
        string temp = path + ".new";
        int removed = 0;
        using (var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var entries = Scan(input, ct);
            using var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None);
            foreach (var e in entries)
            {
                if (!keep(e)) { removed++; continue; }
                input.Position = e.MarkerOffset;
                var buffer = new byte[e.RecordEnd - e.MarkerOffset];
                input.ReadExactly(buffer);
                output.Write(buffer);
            }
            output.Flush(true);
        }
        File.Move(temp, path, overwrite: true);
        return removed;
    }

    private static bool FollowsEmptyLine(Stream stream, long marker)
    {
        if (marker < 2) return false;
        long saved = stream.Position;
        var buffer = new byte[Math.Min(4, (int)marker)];
        stream.Position = marker - buffer.Length;
        stream.ReadExactly(buffer);
        stream.Position = saved;
        return buffer.AsSpan().EndsWith("\n\n"u8) || buffer.AsSpan().EndsWith("\r\n\r\n"u8);
    }

    [GeneratedRegex(@"\d{4}", RegexOptions.CultureInvariant)]
    private static partial Regex FourDigits();

    private static bool OnlyBlank(Stream stream)
    {
        stream.Position = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
            if (b is not ('\r' or '\n' or ' ' or '\t')) return false;
        return true;
    }
}
