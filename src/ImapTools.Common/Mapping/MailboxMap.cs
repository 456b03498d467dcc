using System.Text;
using System.Text.RegularExpressions;

namespace ImapTools.Common.Mapping;

/// <summary>
/// The -M mailbox map file (imapcopy spec §3.1): lines <c>&lt;source mailbox&gt;: &lt;destination mailbox&gt;</c>,
/// <c>/</c> meaning "hierarchy separator" on both sides. The file is read as UTF-8 (a file that is not valid UTF-8 is
/// read as Latin-1, which is how the original interpreted every file); names that are typed in modified UTF-7
/// (<c>Envoy&amp;AOk-s</c>) are decoded, so all names are plain Unicode strings.
/// </summary>
public sealed class MailboxMap
{
    private static readonly Regex FieldSeparator = new(@"\s*:\s*", RegexOptions.CultureInvariant);
    private readonly List<KeyValuePair<string, string>> _entries = new();
    private readonly Dictionary<string, int> _index = new(MailboxNameComparer.Instance);

    private MailboxMap() { }

    /// <summary>Reads a map file.</summary>
    /// <param name="path">The file given with -M.</param>
    /// <param name="sourceDelimiter">The source hierarchy delimiter (replaces <c>/</c> in source names unless it is <c>_</c>).</param>
    /// <param name="destinationDelimiter">The destination hierarchy delimiter (replaces <c>/</c> in destination names).</param>
    /// <returns>The map.</returns>
    /// <exception cref="ImapToolsException">The file cannot be read (<see cref="ExitCodes.File"/>) or a line has no destination.</exception>
    public static MailboxMap Load(string path, char sourceDelimiter, char destinationDelimiter)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ImapToolsException($"Error opening mbx map file {path}: {e.Message}", ExitCodes.File, e);
        }
        return Parse(new StringReader(DecodeText(bytes)), sourceDelimiter, destinationDelimiter);
    }

    /// <summary>Parses map lines.</summary>
    /// <param name="reader">The map text.</param>
    /// <param name="sourceDelimiter">The source hierarchy delimiter.</param>
    /// <param name="destinationDelimiter">The destination hierarchy delimiter.</param>
    /// <returns>The map.</returns>
    /// <exception cref="ImapToolsException">A non-comment line has an empty source or destination name (<see cref="ExitCodes.File"/>).</exception>
    public static MailboxMap Parse(TextReader reader, char sourceDelimiter, char destinationDelimiter)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var map = new MailboxMap();
        int lineNumber = 0;
        while (reader.ReadLine() is string raw)
        {
            lineNumber++;
            string line = raw.TrimEnd('\r', '\n').TrimStart();
            if (line.Length == 0 || line[0] == '#') continue;
            string[] fields = FieldSeparator.Split(line);
            string source = fields[0];
            string destination = fields.Length > 1 ? fields[1] : "";
            // The original mapped such a line to an empty (or undefined) name, which later failed to CREATE and
            // skipped the folder's mail. Refuse it instead.
            if (source.Length == 0 || destination.Trim().Length == 0)
                throw new ImapToolsException($"Invalid line {lineNumber} in mbx map file: '{raw}' (expected 'source mailbox: destination mailbox')", ExitCodes.File);
            source = ModifiedUtf7.DecodeIfEncoded(source);
            destination = ModifiedUtf7.DecodeIfEncoded(destination);
            if (sourceDelimiter != '_') source = source.Replace('/', sourceDelimiter);
            destination = destination.Replace('/', destinationDelimiter);
            map.Set(source, destination);
        }
        return map;
    }

    /// <summary>The mappings after delimiter conversion, in file order; a later line for the same source replaces the earlier value (keeping its position).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>Looks a full source mailbox name up (exact, case-sensitive except INBOX).</summary>
    /// <param name="sourceName">The full source name as listed by the server.</param>
    /// <param name="destinationName">The mapped name (with destination delimiters), or <paramref name="sourceName"/> when not mapped.</param>
    /// <returns>True when the name is mapped.</returns>
    public bool TryMap(string sourceName, out string destinationName)
    {
        if (_index.TryGetValue(sourceName, out int i))
        {
            destinationName = _entries[i].Value;
            return true;
        }
        destinationName = sourceName;
        return false;
    }

    private void Set(string source, string destination)
    {
        if (_index.TryGetValue(source, out int i))
            _entries[i] = new KeyValuePair<string, string>(_entries[i].Key, destination);
        else
        {
            _index[source] = _entries.Count;
            _entries.Add(new KeyValuePair<string, string>(source, destination));
        }
    }

    private static string DecodeText(byte[] bytes)
    {
        int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
