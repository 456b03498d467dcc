using System.Globalization;
using ImapTools.Common.Dedupe;
using MimeKit;

namespace ImapTools.Common.Stores;

/// <summary>
/// File helpers shared by the one-message-per-file stores (dump, Maildir): header keys, line endings, atomic writes
/// and the numeric-aware file order.
/// </summary>
public static class LocalMessageFiles
{
    /// <summary>Reads the header of a message file; a file that does not start with a header field is not a message.</summary>
    /// <exception cref="FormatException">The file is empty or has no header fields.</exception>
    public static HeaderList ReadHeaders(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 16 * 1024);
        if (stream.Length == 0) throw new FormatException("empty file, not a mail message");
        HeaderList headers;
        try
        {
            headers = new MimeParser(stream, MimeFormat.Entity).ParseHeaders();
        }
        catch (FormatException e)
        {
            // Mail from a server can start with garbage (a folded line before the first field) that MimeKit refuses:
            // it is still a message when a header field follows; a file without any field is not.
            headers = HeadersAfterGarbage(stream) ?? throw new FormatException("not a mail message (" + e.Message + ")", e);
        }
        if (headers.Count == 0) throw new FormatException("not a mail message (no header fields)");
        return headers;
    }

    /// <summary>The header fields from the first line of the header block that is a field (<c>Name:</c>), or null.</summary>
    private static HeaderList? HeadersAfterGarbage(Stream stream)
    {
        var head = new byte[(int)Math.Min(stream.Length, 64 * 1024)];
        stream.Position = 0;
        stream.ReadExactly(head);
        for (int start = 0; start < head.Length;)
        {
            int end = Array.IndexOf(head, (byte)'\n', start);
            if (end < 0) end = head.Length;
            var line = head.AsSpan(start, end - start).TrimEnd((byte)'\r');
            if (line.Length == 0) return null; // the end of the header block
            int colon = line.IndexOf((byte)':');
            if (colon > 0 && line[..colon].TrimEnd(" \t"u8).IndexOfAnyExceptInRange((byte)'!', (byte)'~') < 0 && line[..colon].TrimEnd(" \t"u8).Length > 0)
            {
                stream.Position = start;
                try { return new MimeParser(stream, MimeFormat.Entity).ParseHeaders(); }
                catch (FormatException) { return null; }
            }
            start = end + 1;
        }
        return null;
    }

    /// <summary>The shared message key (<see cref="MessageKey"/>) of a message file, the same the IMAP side computes.</summary>
    public static string KeyOf(HeaderList headers) => MessageKey.Compute(headers);

    /// <summary>
    /// Writes <paramref name="data"/> to <paramref name="tempPath"/>, sets its modification time, flushes it to disk and
    /// renames it to <paramref name="finalPath"/>, so a reader never sees a half-written file.
    /// </summary>
    /// <param name="tempPath">A fresh file name in the same file system (a Maildir <c>tmp/</c> or a dot file).</param>
    /// <param name="finalPath">The name the message gets.</param>
    /// <param name="data">The message bytes.</param>
    /// <param name="modified">The modification time to set (the message's internal date), or null for now.</param>
    /// <param name="overwrite">Replace an existing <paramref name="finalPath"/>.</param>
    /// <param name="ownerOnly">Create the file readable by the owner only (<see cref="PrivateFiles"/>); otherwise the umask decides.</param>
    public static void WriteAtomically(string tempPath, string finalPath, byte[] data, DateTimeOffset? modified, bool overwrite, bool ownerOnly = false)
    {
        try
        {
            using (var stream = ownerOnly ? PrivateFiles.Open(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None) : new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(data);
                stream.Flush(flushToDisk: true);
            }
            if (modified is DateTimeOffset m) File.SetLastWriteTimeUtc(tempPath, m.UtcDateTime);
            File.Move(tempPath, finalPath, overwrite);
        }
        catch
        {
            try { File.Delete(tempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>File names in "human" order: runs of digits compare as numbers (<c>2</c> before <c>10</c>, <c>2.0</c> after <c>2</c>).</summary>
    public static IComparer<string> NumericOrder { get; } = new NumericAwareComparer();

    private sealed class NumericAwareComparer : IComparer<string>
    {
        public int Compare(string? x, string? y)
        {
            if (x is null || y is null) return string.CompareOrdinal(x, y);
            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
                {
                    int si = i, sj = j;
                    while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                    while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                    string a = x[si..i].TrimStart('0'), b = y[sj..j].TrimStart('0');
                    if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
                    int c = string.CompareOrdinal(a, b);
                    if (c != 0) return c;
                    continue;
                }
                if (x[i] != y[j]) return x[i].CompareTo(y[j]);
                i++;
                j++;
            }
            int rest = (x.Length - i).CompareTo(y.Length - j);
            return rest != 0 ? rest : string.CompareOrdinal(x, y);
        }
    }

    /// <summary>Formats an internal date for the dump index (ISO 8601 with offset, seconds precision).</summary>
    public static string FormatDate(DateTimeOffset date) => date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Parses <see cref="FormatDate"/>'s output.</summary>
    public static bool TryParseDate(string text, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
