using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Mapping;

namespace ImapTools.Common.Sync;

/// <summary>Everything one imapsync run needs (spec imapsync §2).</summary>
public sealed record ImapSyncOptions
{
    /// <summary>The name shown in <c>&lt;name&gt; starting</c>.</summary>
    public string ProgramName { get; init; } = "imapsync";
    /// <summary>-S, -D, -u, -E, -F, -Y, -Z.</summary>
    public required AccountPairOptions Accounts { get; init; }
    /// <summary>Timeout and TLS settings.</summary>
    public ConnectionSettings Connection { get; init; } = new(ConnectionSettings.DefaultTimeout, false);
    /// <summary>-m: only these source mailboxes (trimmed).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];
    /// <summary>-e: exclude these source mailboxes (exact names).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
    /// <summary>-x: the source namespace override.</summary>
    public MailboxNamespace? SourceNamespace { get; init; }
    /// <summary>-y: the destination namespace override.</summary>
    public MailboxNamespace? DestinationNamespace { get; init; }
    /// <summary>-M: mailbox map file.</summary>
    public string? MapFile { get; init; }
    /// <summary>-n: keep destination messages that are not on the source.</summary>
    public bool NoDelete { get; init; }
    /// <summary>-t: report what would be done, change nothing.</summary>
    public bool TestMode { get; init; }
    /// <summary>-s: only messages whose Date header is on or after this day (SEARCH SENTSINCE).</summary>
    public DateTime? Since { get; init; }
    /// <summary>-s as given, for the start-up line.</summary>
    public string? SinceText { get; init; }
    /// <summary>-f: most messages added per folder.</summary>
    public int? MaxAddsPerFolder { get; init; }
    /// <summary>-i: Message-IDs left out of the comparison on both sides.</summary>
    public IReadOnlySet<string> IgnoredKeys { get; init; } = new HashSet<string>();
    /// <summary>-R: trim mailbox names and collapse whitespace runs.</summary>
    public bool CollapseWhitespace { get; init; }
    /// <summary>-W: wrap lines of 1000 characters or more.</summary>
    public bool WrapLongLines { get; init; }
    /// <summary>-A: source mailbox → source archive mailbox; messages added from it are then moved there on the source.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Archives { get; init; } = [];
    /// <summary>
    /// --delete-folders: also delete destination mailboxes that no source mailbox maps to (not with -n or -m; INBOX
    /// and parents of kept mailboxes stay), so a removed source folder disappears from the mirror.
    /// </summary>
    public bool DeleteFolders { get; init; }
    /// <summary>-v: per-message decisions and connection details.</summary>
    public bool Verbose { get; init; }

    /// <summary>Reads an -i file: one Message-ID per line, trimmed; <c>#</c> lines and blank lines skipped.</summary>
    public static IReadOnlySet<string> ReadIgnoreFile(string path)
    {
        try
        {
            return File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#').ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Error opening {path}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
    }

    /// <summary>Parses -A <c>srcmbx:archivembx[,srcmbx2:archive2…]</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseArchives(string value)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = item.IndexOf(':');
            if (colon <= 0 || colon == item.Length - 1)
                throw new ImapToolsException($"Invalid -A value '{item}': expected srcmbx:archivembx", ExitCodes.Usage);
            list.Add(new(item[..colon].Trim(), item[(colon + 1)..].Trim()));
        }
        return list;
    }
}
