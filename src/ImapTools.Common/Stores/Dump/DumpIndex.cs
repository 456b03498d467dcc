using System.Text;
using MailKit;

namespace ImapTools.Common.Stores.Dump;

/// <summary>What the sidecar index knows about one message file.</summary>
/// <param name="Flags">System flags.</param>
/// <param name="Keywords">Keywords.</param>
/// <param name="InternalDate">The IMAP internal date, when known.</param>
public sealed record DumpIndexEntry(MessageFlags Flags, IReadOnlySet<string> Keywords, DateTimeOffset? InternalDate);

/// <summary>
/// The sidecar index of one dump mailbox directory, <c>.imaptools-index</c>: UTF-8 text, a comment line, then one
/// line per message file: <c>file TAB flags TAB keywords TAB internal-date</c> (flags as <c>\Seen \Answered</c>,
/// keywords space separated, date ISO 8601 with offset). Its name starts with a dot, so the legacy readers
/// (dumptoIMAP, imapdump -U) skip it. A later line for the same file wins.
/// </summary>
public static class DumpIndex
{
    /// <summary>The index file name in every mailbox directory.</summary>
    public const string FileName = ".imaptools-index";

    private const string Header = "# imaptools dump index 1: file\tflags\tkeywords\tinternal date\n";

    private static readonly (MessageFlags Flag, string Name)[] FlagNames =
    [
        (MessageFlags.Seen, "\\Seen"), (MessageFlags.Answered, "\\Answered"), (MessageFlags.Flagged, "\\Flagged"),
        (MessageFlags.Deleted, "\\Deleted"), (MessageFlags.Draft, "\\Draft"),
    ];

    /// <summary>Reads the index of <paramref name="directory"/>; an absent index is empty.</summary>
    public static Dictionary<string, DumpIndexEntry> Read(string directory)
    {
        var entries = new Dictionary<string, DumpIndexEntry>(StringComparer.Ordinal);
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return entries;
        foreach (string raw in File.ReadAllLines(path, Encoding.UTF8))
        {
            if (raw.Length == 0 || raw[0] == '#') continue;
            string[] f = raw.Split('\t');
            if (f.Length < 4) continue;
            var flags = MessageFlags.None;
            foreach (string word in f[1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                foreach (var (flag, name) in FlagNames)
                    if (word.Equals(name, StringComparison.OrdinalIgnoreCase)) flags |= flag;
            var keywords = new HashSet<string>(f[2].Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            DateTimeOffset? date = LocalMessageFiles.TryParseDate(f[3], out var d) ? d : null;
            entries[f[0]] = new DumpIndexEntry(flags, keywords, date);
        }
        return entries;
    }

    /// <summary>Appends the line of one message file (creating the index with its comment line when missing).</summary>
    public static void Append(string directory, string file, DumpIndexEntry entry)
    {
        string path = Path.Combine(directory, FileName);
        var line = new StringBuilder();
        if (!File.Exists(path)) line.Append(Header);
        line.Append(file).Append('\t')
            .Append(string.Join(' ', FlagNames.Where(f => entry.Flags.HasFlag(f.Flag)).Select(f => f.Name))).Append('\t')
            .Append(string.Join(' ', entry.Keywords.Order(StringComparer.Ordinal))).Append('\t')
            .Append(entry.InternalDate is DateTimeOffset d ? LocalMessageFiles.FormatDate(d) : "").Append('\n');
        using var stream = PrivateFiles.Open(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        byte[] bytes = new UTF8Encoding(false).GetBytes(line.ToString());
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }
}
