namespace ImapTools.Common.Mapping;

/// <summary>
/// A mailbox map file (-M): one <c>source: destination</c> per line, <c>#</c> comments, blank lines skipped, split at
/// every colon with surrounding whitespace (names cannot contain ':'). <c>/</c> in a name is the hierarchy separator
/// whatever the servers use. Read as UTF-8 (the original read bytes as Latin-1 and double-encoded UTF-8 names).
/// </summary>
public sealed class MailboxMap
{
    private readonly Dictionary<string, string> _map = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _entries = [];

    /// <summary>The mappings after delimiter conversion, in file order (a repeated source keeps its last target).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>Reads a map file.</summary>
    public static MailboxMap Load(string path, char sourceDelimiter, char destinationDelimiter)
    {
        try
        {
            using var reader = new StreamReader(path, new System.Text.UTF8Encoding(false));
            return Parse(reader, sourceDelimiter, destinationDelimiter);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImapToolsException($"Error opening mbx map file {path}: {e.Message}", ExitCodes.File, e);
        }
    }

    /// <summary>Parses map lines.</summary>
    public static MailboxMap Parse(TextReader reader, char sourceDelimiter, char destinationDelimiter)
    {
        var map = new MailboxMap();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            line = line.TrimEnd('\r', '\n').TrimStart();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = System.Text.RegularExpressions.Regex.Split(line, @"\s*:\s*");
            if (fields.Length < 2) continue;
            string source = fields[0];
            string destination = fields[1];
            if (sourceDelimiter != '_') source = source.Replace('/', sourceDelimiter);
            destination = destination.Replace('/', destinationDelimiter);
            map._map[source] = destination;
            map._entries.RemoveAll(e => e.Key == source);
            map._entries.Add(new KeyValuePair<string, string>(source, destination));
        }
        return map;
    }

    /// <summary>Looks up a full source name (exact, case-sensitive).</summary>
    public bool TryMap(string sourceName, out string destinationName)
    {
        if (_map.TryGetValue(sourceName, out var d)) { destinationName = d; return true; }
        destinationName = sourceName;
        return false;
    }
}
