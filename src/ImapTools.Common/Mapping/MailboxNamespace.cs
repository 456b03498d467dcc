namespace ImapTools.Common.Mapping;

/// <summary>The personal namespace of one server: the prefix of the user's mailboxes and the hierarchy delimiter.</summary>
/// <param name="Prefix">The namespace prefix, e.g. <c>INBOX.</c> on Courier or the empty string on Dovecot.</param>
/// <param name="Delimiter">The hierarchy delimiter, e.g. <c>.</c> or <c>/</c>.</param>
public sealed record MailboxNamespace(string Prefix, char Delimiter)
{
    /// <summary>
    /// Parses a -x / -y value <c>"&lt;delimiter&gt; [&lt;prefix&gt;]"</c>: whitespace separated words, the first is the
    /// delimiter (one character), the optional second is the prefix; further words are ignored as in the original.
    /// A word written in double quotes (<c>"INBOX."</c>, <c>""</c>) has the quotes removed.
    /// </summary>
    /// <param name="value">The option value, e.g. <c>". INBOX."</c> or <c>"/"</c>.</param>
    /// <returns>The namespace.</returns>
    /// <exception cref="ImapToolsException">The value is empty or the delimiter is not a single character (exit code <see cref="ExitCodes.Usage"/>).</exception>
    public static MailboxNamespace ParseOverride(string value)
    {
        string[] words = (value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            throw new ImapToolsException($"Invalid mailbox hierarchy value '{value}': expected \"<delimiter> [<prefix>]\"", ExitCodes.Usage);
        string delimiter = Unquote(words[0]);
        if (delimiter.Length != 1)
            throw new ImapToolsException($"Invalid mailbox hierarchy delimiter '{words[0]}' in '{value}': expected one character", ExitCodes.Usage);
        string prefix = words.Length > 1 ? Unquote(words[1]) : "";
        return new MailboxNamespace(prefix, delimiter[0]);
    }

    private static string Unquote(string word) =>
        word.Length >= 2 && word[0] == '"' && word[^1] == '"' ? word[1..^1] : word;
}

/// <summary>
/// Compares mailbox names the IMAP way: case-sensitively (ordinal), except that the name <c>INBOX</c> is
/// case-insensitive (RFC 3501 §5.1).
/// </summary>
public sealed class MailboxNameComparer : IEqualityComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static MailboxNameComparer Instance { get; } = new();

    private MailboxNameComparer() { }

    /// <summary>True when <paramref name="name"/> is INBOX in any letter case.</summary>
    /// <param name="name">A mailbox name.</param>
    /// <returns>True for <c>INBOX</c>, <c>Inbox</c>, <c>inbox</c>, ...</returns>
    public static bool IsInbox(string? name) => string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public bool Equals(string? x, string? y) =>
        string.Equals(x, y, StringComparison.Ordinal) || (IsInbox(x) && IsInbox(y));

    /// <inheritdoc/>
    public int GetHashCode(string obj) =>
        IsInbox(obj) ? StringComparer.Ordinal.GetHashCode("INBOX") : StringComparer.Ordinal.GetHashCode(obj);
}
