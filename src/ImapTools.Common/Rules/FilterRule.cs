using System.Text.RegularExpressions;

namespace ImapTools.Common.Rules;

/// <summary>What a rule tests (chosen by its FIELD column, compared case-insensitively).</summary>
public enum RuleKind
{
    /// <summary>A Perl regex (case-insensitive, unanchored) against a header value.</summary>
    Header,
    /// <summary><c>Size</c>: <c>&gt;N</c>, <c>&lt;N</c> or <c>=N</c> bytes (RFC822.SIZE).</summary>
    Size,
    /// <summary><c>Flags</c>: one flag or keyword name, without <c>\</c> or <c>$</c>; <c>Unseen</c> is the absence of \Seen.</summary>
    Flags,
    /// <summary><c>Date</c> with <c>&lt;</c>, <c>&gt;</c> or <c>=</c>: compares the Date header with an instant.</summary>
    DateCompare,
    /// <summary><c>InternalDate</c> with <c>&lt;</c>, <c>&gt;</c> or <c>=</c>: compares the INTERNALDATE day with an instant.</summary>
    InternalDateCompare,
    /// <summary><c>InternalDate</c> without an operator: a regex against the upper-cased day, e.g. <c>20-SEP-2011</c>.</summary>
    InternalDateRegex,
    /// <summary><c>ISEARCH</c>: IMAP SEARCH keys sent to the server as written.</summary>
    Search,
}

/// <summary>A date comparison operator of a Date/InternalDate rule.</summary>
public enum DateOperator
{
    /// <summary><c>&gt;</c>: the message is later than the rule date.</summary>
    After,
    /// <summary><c>&lt;</c>: the message is earlier than the rule date.</summary>
    Before,
    /// <summary><c>=</c>: the message is at the same second.</summary>
    Equal,
}

/// <summary>A <c>RemoteServer:</c> line: where <c>host:mailbox</c> destinations are delivered.</summary>
/// <param name="Host">The host name as written (the key destinations refer to).</param>
/// <param name="Port">The port (default 143).</param>
/// <param name="User">The user on that server.</param>
/// <param name="Password">The password (never logged).</param>
/// <param name="LineNumber">The rules-file line, for messages.</param>
public sealed record RemoteServer(string Host, int Port, string User, string Password, int LineNumber)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"{Host}:{Port}/{User}/********";
}

/// <summary>A <c>host:mailbox</c> destination on a <see cref="RemoteServer"/>.</summary>
/// <param name="Server">The server.</param>
/// <param name="Mailbox">The mailbox there; <c>*</c> means "the same name as the source".</param>
public sealed record RemoteDestination(RemoteServer Server, string Mailbox);

/// <summary>
/// One rule of an imapfilter rules file: <c>FIELD &lt;TAB&gt; MATCH &lt;TAB&gt; SOURCE &lt;TAB&gt; DEST [&lt;TAB&gt; copy]</c>
/// (spec imapfilter §3.2), already validated and compiled.
/// </summary>
public sealed record FilterRule
{
    /// <summary>The FIELD column as written (<c>Subject</c>, <c>Size</c>, <c>ISEARCH</c>, …).</summary>
    public required string Field { get; init; }

    /// <summary>The MATCH column as written (quotes kept), shown in output lines.</summary>
    public required string Match { get; init; }

    /// <summary>The source mailbox as written (raw, modified UTF-7 or Unicode), or <c>*</c> for every mailbox.</summary>
    public required string Source { get; init; }

    /// <summary>The destination as written (a local mailbox, or <c>host:mailbox</c>).</summary>
    public required string Destination { get; init; }

    /// <summary>The rule kind.</summary>
    public required RuleKind Kind { get; init; }

    /// <summary>Copy instead of move (the <c>&lt;TAB&gt;copy</c> suffix): the original stays in the source.</summary>
    public bool Copy { get; init; }

    /// <summary>The 1-based line in the rules file (0 for nothing).</summary>
    public int LineNumber { get; init; }

    /// <summary>The compiled regex of <see cref="RuleKind.Header"/> and <see cref="RuleKind.InternalDateRegex"/> rules.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>The operator of a size or date comparison.</summary>
    public char Operator { get; init; }

    /// <summary>The byte count of a <see cref="RuleKind.Size"/> rule.</summary>
    public long SizeLimit { get; init; }

    /// <summary>The flag or keyword name of a <see cref="RuleKind.Flags"/> rule.</summary>
    public string? FlagName { get; init; }

    /// <summary>The date of a comparison rule, resolved when the rules file was read (relative days count from then).</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>True when the date was given as a number of days before today.</summary>
    public bool RelativeDate { get; init; }

    /// <summary>The SEARCH keys of an <see cref="RuleKind.Search"/> rule, quotes removed and relative days resolved.</summary>
    public string? SearchText { get; init; }

    /// <summary>The remote destination, or null for a local mailbox.</summary>
    public RemoteDestination? Remote { get; init; }

    /// <summary>True for rules whose SOURCE is <c>*</c> (expanded per user into one rule per mailbox).</summary>
    public bool IsGlobal => Source == "*";

    /// <summary>The rule as the <c>rule …</c> line shows it: the four columns joined by TABs.</summary>
    public string Text => $"{Field}\t{Match}\t{Source}\t{Destination}";

    /// <summary>The rule as the <c>matches rule: '…'</c> line shows it: the four columns joined by spaces.</summary>
    public string Display => $"{Field} {Match} {Source} {Destination}";

    /// <summary>The date operator of a comparison rule.</summary>
    public DateOperator DateOperator => Operator switch
    {
        '>' => DateOperator.After,
        '<' => DateOperator.Before,
        _ => DateOperator.Equal,
    };

    /// <summary>True when the rule is decided by the server alone (no header fetch needed).</summary>
    public bool ServerOnly => Kind is RuleKind.Search or RuleKind.Size or RuleKind.InternalDateCompare
        || (Kind == RuleKind.Flags && RuleMatcher.IsSystemFlag(FlagName!));
}
