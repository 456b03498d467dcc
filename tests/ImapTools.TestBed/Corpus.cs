using System.Globalization;
using System.Security.Cryptography;
using MailKit;

namespace ImapTools.TestBed;

/// <summary>What <see cref="CorpusBuilder.LoadAsync"/> generates. All knobs are deterministic (seeded).</summary>
public sealed record CorpusSpec
{
    /// <summary>Folders of the mixed profile ("/" separated; parents are created too).</summary>
    public static readonly IReadOnlyList<string> MixedFolders =
    [
        "INBOX", "Sent", "Sent Items", "Drafts", "Archive/2019/Q1", "Archive/2015", "Envoyés", "Café/Menü",
    ];

    /// <summary>Random seed; same seed, same bytes.</summary>
    public int Seed { get; init; } = 1347;

    /// <summary>Number of randomly generated messages (on top of the edge cases when <see cref="IncludeEdgeCases"/>).</summary>
    public int MessageCount { get; init; } = 20;

    /// <summary>Largest attachment of the random multipart messages, in bytes (before base64).</summary>
    public int MaxAttachmentBytes { get; init; } = 8 * 1024;

    /// <summary>Adds messages with big attachments (1 MB, 2.5 MB, 5 MB) when &gt; 0 (count, at most 3).</summary>
    public int LargeAttachmentCount { get; init; }

    /// <summary>Adds one message of each special kind (8-bit header, no Message-ID, bare LF, duplicates, all flag/keyword combinations).</summary>
    public bool IncludeEdgeCases { get; init; } = true;

    /// <summary>Folders, "/" as hierarchy separator. Ancestors are created as real mailboxes too.</summary>
    public IReadOnlyList<string> Folders { get; init; } = MixedFolders;

    /// <summary>Tiny: INBOX and Sent, 6 plain/multipart messages, no edge cases.</summary>
    public static CorpusSpec Small => new() { MessageCount = 6, IncludeEdgeCases = false, Folders = ["INBOX", "Sent"] };

    /// <summary>The mixed profile; big attachments (up to 5 MB) only when asked.</summary>
    public static CorpusSpec Mixed(bool largeAttachments = false) => new() { LargeAttachmentCount = largeAttachments ? 3 : 0 };
}

/// <summary>Kind of a generated message.</summary>
public enum CorpusMessageKind
{
    /// <summary>text/plain, CRLF, ASCII.</summary>
    Plain,
    /// <summary>multipart/mixed with a base64 attachment.</summary>
    Multipart,
    /// <summary>Raw UTF-8 in Subject/From (not RFC 2047 encoded).</summary>
    EightBitHeader,
    /// <summary>No Message-ID header.</summary>
    NoMessageId,
    /// <summary>Bare LF line endings.</summary>
    BareLf,
    /// <summary>Same bytes appended twice to the same folder.</summary>
    Duplicate,
    /// <summary>multipart/mixed with an attachment of up to 5 MB.</summary>
    LargeAttachment,
}

/// <summary>One appended message.</summary>
public sealed record CorpusMessage(
    string Folder,
    CorpusMessageKind Kind,
    string Subject,
    string? MessageId,
    byte[] Bytes,
    MessageFlags Flags,
    IReadOnlySet<string> Keywords,
    DateTimeOffset InternalDate)
{
    /// <summary>Lower-case hex SHA-256 of <see cref="Bytes"/> (the exact bytes appended).</summary>
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Bytes));

    /// <summary>
    /// The bytes Dovecot returns for BODY[]: it stores/returns bare LF as CRLF, so this is
    /// <see cref="Bytes"/> with every bare LF turned into CRLF (identical for CRLF messages).
    /// </summary>
    public byte[] ServerBytes { get; } = ToCrLf(Bytes);

    /// <summary>Lower-case hex SHA-256 of <see cref="ServerBytes"/>; what <see cref="CorpusBuilder.SnapshotAsync"/> reads back.</summary>
    public string ServerSha256 => _serverSha256 ??= Convert.ToHexStringLower(SHA256.HashData(ServerBytes));

    private string? _serverSha256;

    /// <summary>The message as a snapshot entry (server form), for comparison with <see cref="MailboxSnapshot"/>.</summary>
    public MessageSnapshot ToSnapshot() => new(ServerSha256, ServerBytes.Length, Flags, Keywords, InternalDate);

    /// <summary>Converts bare LF to CRLF (existing CRLF untouched).</summary>
    public static byte[] ToCrLf(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf((byte)'\n') < 0)
        {
            return bytes;
        }
        var output = new List<byte>(bytes.Length + 64);
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' && (i == 0 || bytes[i - 1] != (byte)'\r'))
            {
                output.Add((byte)'\r');
            }
            output.Add(bytes[i]);
        }
        return output.Count == bytes.Length ? bytes : output.ToArray();
    }
}

/// <summary>What was loaded into an account.</summary>
public sealed class Corpus
{
    internal Corpus(IReadOnlyList<string> folders, IReadOnlyList<CorpusMessage> messages)
    {
        Folders = folders;
        Messages = messages;
    }

    /// <summary>All folders created ("/" separated, ancestors included, INBOX first).</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>All messages in append order.</summary>
    public IReadOnlyList<CorpusMessage> Messages { get; }

    /// <summary>Messages of one folder, in append order.</summary>
    public IReadOnlyList<CorpusMessage> InFolder(string folder) => Messages.Where(m => m.Folder == folder).ToList();

    /// <summary>The snapshot a faithful copy of this corpus should produce.</summary>
    public MailboxSnapshot ToSnapshot() => new(Folders.ToDictionary(
        f => f,
        f => (IReadOnlyList<MessageSnapshot>)InFolder(f).Select(m => m.ToSnapshot()).ToList(),
        StringComparer.Ordinal));
}

/// <summary>One message as read back from a server.</summary>
public sealed record MessageSnapshot(string Sha256, long Size, MessageFlags Flags, IReadOnlySet<string> Keywords, DateTimeOffset InternalDate)
{
    /// <summary>Canonical text: hash, flags, sorted keywords, internal date as a UTC instant.</summary>
    public string Key => string.Join('|',
        Sha256,
        Size.ToString(CultureInfo.InvariantCulture),
        FlagText(Flags),
        string.Join(' ', Keywords.Order(StringComparer.Ordinal)),
        InternalDate.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public override string ToString() => Key;

    internal static string FlagText(MessageFlags flags)
    {
        var parts = new List<string>();
        if (flags.HasFlag(MessageFlags.Answered)) parts.Add("\\Answered");
        if (flags.HasFlag(MessageFlags.Deleted)) parts.Add("\\Deleted");
        if (flags.HasFlag(MessageFlags.Draft)) parts.Add("\\Draft");
        if (flags.HasFlag(MessageFlags.Flagged)) parts.Add("\\Flagged");
        if (flags.HasFlag(MessageFlags.Seen)) parts.Add("\\Seen");
        return string.Join(' ', parts);
    }
}

/// <summary>All selectable folders of an account with their messages (in UID order).</summary>
public sealed class MailboxSnapshot
{
    /// <summary>Creates a snapshot from folder → messages.</summary>
    public MailboxSnapshot(IReadOnlyDictionary<string, IReadOnlyList<MessageSnapshot>> folders) => Folders = folders;

    /// <summary>Folder name ("/" separated, personal prefix stripped) → messages.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MessageSnapshot>> Folders { get; }

    /// <summary>Folder names, ordinal order.</summary>
    public IReadOnlyList<string> FolderNames => Folders.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Total number of messages.</summary>
    public int MessageCount => Folders.Values.Sum(v => v.Count);

    /// <summary>
    /// Human-readable differences (empty when equal). Messages are compared as multisets of
    /// <see cref="MessageSnapshot.Key"/> per folder, so the order of messages does not matter.
    /// </summary>
    /// <param name="other">The snapshot to compare with (e.g. the destination).</param>
    /// <param name="compareFlags">Compare flags and keywords.</param>
    /// <param name="compareDates">Compare internal dates.</param>
    /// <param name="folderFilter">Only folders for which this returns true (default: all).</param>
    public IReadOnlyList<string> Diff(MailboxSnapshot other, bool compareFlags = true, bool compareDates = true, Func<string, bool>? folderFilter = null)
    {
        var diffs = new List<string>();
        var names = Folders.Keys.Union(other.Folders.Keys).Where(f => folderFilter?.Invoke(f) ?? true).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!Folders.TryGetValue(name, out var mine))
            {
                diffs.Add($"folder only in other: {name}");
                continue;
            }
            if (!other.Folders.TryGetValue(name, out var theirs))
            {
                diffs.Add($"folder missing in other: {name}");
                continue;
            }
            string KeyOf(MessageSnapshot m) => string.Join('|',
                m.Sha256,
                compareFlags ? MessageSnapshot.FlagText(m.Flags) + "|" + string.Join(' ', m.Keywords.Order(StringComparer.Ordinal)) : "",
                compareDates ? m.InternalDate.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "");
            var a = mine.Select(KeyOf).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
            var b = theirs.Select(KeyOf).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
            foreach (var k in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
            {
                int ca = a.GetValueOrDefault(k), cb = b.GetValueOrDefault(k);
                if (ca != cb)
                {
                    diffs.Add($"{name}: {k} x{ca} vs x{cb}");
                }
            }
        }
        return diffs;
    }
}
