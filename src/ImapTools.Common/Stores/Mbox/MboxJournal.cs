using System.Globalization;

namespace ImapTools.Common.Stores.Mbox;

/// <summary>
/// Makes appends to an mbox file crash-safe. Before a batch is appended, a hidden marker next to the file
/// (<c>.NAME.imaptools-pending</c>) records where the batch starts and how long it is; it is removed once the batch
/// is on disk. A process killed in between leaves the marker, and the next reader or writer of the file cuts the
/// unfinished batch off, so a half-written message never counts as mail. A file longer than the batch's end is left
/// alone: the batch was completed and something else appended after it.
/// </summary>
public static class MboxJournal
{
    /// <summary>The marker of <paramref name="mboxPath"/>.</summary>
    public static string MarkerPath(string mboxPath)
    {
        ArgumentNullException.ThrowIfNull(mboxPath);
        string dir = Path.GetDirectoryName(Path.GetFullPath(mboxPath)) ?? ".";
        return Path.Combine(dir, "." + Path.GetFileName(mboxPath) + ".imaptools-pending");
    }

    /// <summary>Records that <paramref name="length"/> bytes are about to be appended at <paramref name="start"/>.</summary>
    public static void Begin(string mboxPath, long start, long length)
    {
        string marker = MarkerPath(mboxPath);
        string temp = marker + ".tmp";
        File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{start} {length}\n"));
        File.Move(temp, marker, overwrite: true);
    }

    /// <summary>Records that the append finished (or was undone).</summary>
    public static void End(string mboxPath) => File.Delete(MarkerPath(mboxPath));

    /// <summary>
    /// Cuts off an append that a killed process left unfinished; returns the number of bytes removed (0 when there was
    /// nothing to repair).
    /// </summary>
    public static long Recover(string mboxPath)
    {
        string marker = MarkerPath(mboxPath);
        if (!File.Exists(marker)) return 0;
        string[] fields = File.ReadAllText(marker).Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        long removed = 0;
        if (fields.Length == 2
            && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long start)
            && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long length)
            && File.Exists(mboxPath))
        {
            using var stream = new FileStream(mboxPath, FileMode.Open, FileAccess.Write, FileShare.Read);
            if (stream.Length > start && stream.Length < start + length)
            {
                removed = stream.Length - start;
                stream.SetLength(start);
                stream.Flush(flushToDisk: true);
            }
        }
        File.Delete(marker);
        return removed;
    }
}
