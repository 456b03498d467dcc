namespace ImapTools.Common.Copy;

/// <summary>A folder-like place messages are read from (an IMAP folder, later POP3, Maildir, mbox, dump).</summary>
public interface IMessageSource
{
    /// <summary>A display name, as used in the legacy output lines.</summary>
    string Name { get; }

    /// <summary>Lists the messages with their keys; no bodies are read.</summary>
    Task<IReadOnlyList<MessageRecord>> ListAsync(CancellationToken ct);

    /// <summary>Reads the bytes of a batch of listed messages, in the order given.</summary>
    Task<IReadOnlyList<MessageContent>> ReadAsync(IReadOnlyList<MessageRecord> batch, CancellationToken ct);
}

/// <summary>A folder-like place messages are written to (an IMAP folder, later Maildir, mbox, dump).</summary>
public interface IMessageSink
{
    /// <summary>A display name, as used in the legacy output lines.</summary>
    string Name { get; }

    /// <summary>The keys of the messages already there (for update mode).</summary>
    Task<IReadOnlySet<string>> ExistingKeysAsync(CancellationToken ct);

    /// <summary>
    /// Writes a batch and returns, per message in order, whether the sink confirmed it. A message counts as copied only
    /// when confirmed; a source may delete only confirmed messages.
    /// </summary>
    Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<MessageContent> batch, CancellationToken ct);
}

/// <summary>A sink that can say why it did not confirm a message (the server's words), for the failure line.</summary>
public interface IRefusalReasons
{
    /// <summary>Why <paramref name="record"/> was not confirmed by the last write, or null when unknown.</summary>
    string? RefusalReason(MessageRecord record);
}
