namespace ImapTools.Common.Mapping;

/// <summary>A server's personal namespace: the prefix of every mailbox name (e.g. "INBOX.") and the hierarchy delimiter.</summary>
/// <param name="Prefix">The prefix, including its trailing delimiter, or "".</param>
/// <param name="Delimiter">The hierarchy delimiter.</param>
public sealed record MailboxNamespace(string Prefix, char Delimiter)
{
    /// <summary>
    /// Parses a -x/-y value <c>"&lt;delimiter&gt; [&lt;prefix&gt;]"</c> (whitespace separated, quotes removed), e.g. <c>". INBOX."</c>.
    /// </summary>
    public static MailboxNamespace ParseOverride(string value)
    {
        var words = value.Replace("\"", "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0].Length != 1)
            throw new ImapToolsException($"Invalid mailbox hierarchy delimiter '{value}': expected \"<delimiter> [<prefix>]\", e.g. \". INBOX.\"", ExitCodes.Usage);
        return new MailboxNamespace(words.Length > 1 ? words[1] : "", words[0][0]);
    }
}
