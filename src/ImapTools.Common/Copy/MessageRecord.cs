using MailKit;

namespace ImapTools.Common.Copy;

/// <summary>
/// What the copy pipeline knows about one message before its body is read: the one message model that every
/// source produces and every sink consumes (flags, keywords, internal date, size and the dedupe key).
/// </summary>
public sealed class MessageRecord
{
    /// <summary>Creates a record.</summary>
    public MessageRecord(string key, MessageFlags flags, IReadOnlySet<string> keywords, DateTimeOffset? internalDate, long size)
    {
        Key = key;
        Flags = flags;
        Keywords = keywords;
        InternalDate = internalDate;
        Size = size;
    }

    /// <summary>The message key (Message-ID, or the synthetic key) used by update mode and dedupe.</summary>
    public string Key { get; }

    /// <summary>System flags, without \Recent.</summary>
    public MessageFlags Flags { get; init; }

    /// <summary>User keywords ($Forwarded, Junk, ...).</summary>
    public IReadOnlySet<string> Keywords { get; init; }

    /// <summary>The IMAP INTERNALDATE, when the source has one.</summary>
    public DateTimeOffset? InternalDate { get; }

    /// <summary>The size in bytes (RFC822.SIZE), or 0 when unknown.</summary>
    public long Size { get; }

    /// <summary>The IMAP UID in the source folder, for sources that have one.</summary>
    public UniqueId? Uid { get; init; }

    /// <summary>The 1-based sequence number in the source folder, for sources that have one.</summary>
    public int Index { get; init; }

    /// <summary>The Subject header, for reports.</summary>
    public string? Subject { get; init; }
}

/// <summary>A message's bytes together with its record.</summary>
/// <param name="Record">What is known about the message.</param>
/// <param name="Data">The exact RFC 5322 bytes.</param>
public sealed record MessageContent(MessageRecord Record, byte[] Data);
