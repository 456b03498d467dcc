using MailKit;
using MimeKit.Utils;

namespace ImapTools.Common.Stores.Mbox;

/// <summary>What an mbox reader learned from a message's own headers.</summary>
/// <param name="Flags">System flags.</param>
/// <param name="Keywords">User keywords.</param>
/// <param name="Remove">Header fields to remove from the imported bytes (they were added by the mbox writer).</param>
/// <param name="Expunged">The writer marked the message as expunged (deleted, not yet compacted): it is not a message any more.</param>
public sealed record MboxFlagInfo(MessageFlags Flags, IReadOnlySet<string> Keywords, IReadOnlyList<RawHeader> Remove, bool Expunged = false);

/// <summary>
/// One family of mbox files: how flags are kept in headers, whether body lines are mboxrd-quoted, and where the
/// internal date comes from. <see cref="StatusHeaders"/> is what mutt, Dovecot and this project's IMAPtoMbox write;
/// Thunderbird's dialect lives in <c>Stores/Thunderbird</c>.
/// </summary>
public abstract class MboxDialect
{
    /// <summary>mutt/Dovecot/IMAPtoMbox: <c>Status:</c>, <c>X-Status:</c>, <c>X-Keywords:</c>; mboxrd quoting; From_ line date first.</summary>
    public static MboxDialect StatusHeaders { get; } = new StatusHeaderDialect();

    /// <summary>Whether <c>&gt;From </c> lines are unquoted (mboxrd) when reading.</summary>
    public abstract bool Unquote { get; }

    /// <summary>Reads the flags of a message from its header fields.</summary>
    public abstract MboxFlagInfo ReadFlags(IReadOnlyList<RawHeader> headers);

    /// <summary>The internal date to use: from the From_ line, the Date: header, or none.</summary>
    public abstract DateTimeOffset? InternalDate(DateTimeOffset? fromLineDate, IReadOnlyList<RawHeader> headers);

    /// <summary>The Date: header parsed as RFC 5322 (obsolete forms included), or null.</summary>
    protected static DateTimeOffset? DateHeader(IReadOnlyList<RawHeader> headers)
    {
        var date = headers.FirstOrDefault(h => h.Is("Date"));
        return date is not null && DateUtils.TryParse(date.Value, out var value) ? value : null;
    }
}

/// <summary>
/// <c>Status: RO</c> (R = \Seen), <c>X-Status: AFTD</c> (\Answered \Flagged \Draft \Deleted) and
/// <c>X-Keywords: a b</c>. The writer appends them after the message's own header fields, in that order (Status
/// always, the others when not empty); the reader removes exactly that trailing block, so the message's own bytes
/// come back. A foreign file whose status fields are not at the end keeps them and still gets its flags.
/// </summary>
internal sealed class StatusHeaderDialect : MboxDialect
{
    private static readonly string[] TrailingOrder = ["X-Keywords", "X-Status", "Status"];

    public override bool Unquote => true;

    public override MboxFlagInfo ReadFlags(IReadOnlyList<RawHeader> headers)
    {
        var trailing = new List<RawHeader>();
        int i = headers.Count - 1;
        foreach (string name in TrailingOrder)
        {
            if (i >= 0 && headers[i].Is(name)) trailing.Add(headers[i--]);
        }
        // Only a block that ends with our Status line (always written) is ours to remove.
        bool ours = trailing.Count > 0 && trailing[^1].Is("Status");
        var from = ours ? trailing : headers.Reverse().ToList();
        string? status = from.FirstOrDefault(h => h.Is("Status"))?.Value;
        string? xstatus = from.FirstOrDefault(h => h.Is("X-Status"))?.Value;
        string? keywords = from.FirstOrDefault(h => h.Is("X-Keywords"))?.Value;
        var flags = MessageFlags.None;
        if (status?.Contains('R') == true) flags |= MessageFlags.Seen;
        if (xstatus is not null)
        {
            if (xstatus.Contains('A')) flags |= MessageFlags.Answered;
            if (xstatus.Contains('F')) flags |= MessageFlags.Flagged;
            if (xstatus.Contains('T')) flags |= MessageFlags.Draft;
            if (xstatus.Contains('D')) flags |= MessageFlags.Deleted;
        }
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (keywords is not null)
            foreach (string k in keywords.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)) words.Add(k);
        return new MboxFlagInfo(flags, words, ours ? trailing : []);
    }

    public override DateTimeOffset? InternalDate(DateTimeOffset? fromLineDate, IReadOnlyList<RawHeader> headers) =>
        fromLineDate ?? DateHeader(headers);

    /// <summary>The status lines the writer appends (LF line ends).</summary>
    public static string Lines(MessageFlags flags, IReadOnlySet<string> keywords)
    {
        string status = flags.HasFlag(MessageFlags.Seen) ? "RO" : "O";
        string x = (flags.HasFlag(MessageFlags.Answered) ? "A" : "") + (flags.HasFlag(MessageFlags.Flagged) ? "F" : "")
                   + (flags.HasFlag(MessageFlags.Draft) ? "T" : "") + (flags.HasFlag(MessageFlags.Deleted) ? "D" : "");
        string text = $"Status: {status}\n";
        if (x.Length > 0) text += $"X-Status: {x}\n";
        var words = keywords.Where(k => k.Length > 0 && !k.Any(char.IsWhiteSpace)).Order(StringComparer.Ordinal).ToList();
        if (words.Count > 0) text += $"X-Keywords: {string.Join(' ', words)}\n";
        return text;
    }
}
