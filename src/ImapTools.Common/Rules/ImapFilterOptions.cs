using ImapTools.Common.Connection;

namespace ImapTools.Common.Rules;

/// <summary>Everything one imapfilter run needs (built from the command line by tools/imapfilter).</summary>
public sealed record ImapFilterOptions
{
    /// <summary>The name in the <c>… starting</c> line.</summary>
    public string ProgramName { get; init; } = "imapfilter";

    /// <summary>The -S server (host, port, user, password, method), or null when the rules file's <c>LocalServer:</c> line gives it.</summary>
    public ConnectionString? Server { get; init; }

    /// <summary>The -r rules file.</summary>
    public required string RulesFile { get; init; }

    /// <summary>The -u users file (<c>user:password</c>, or <c>user</c> with -E), or null for the -S user.</summary>
    public string? UsersFile { get; init; }

    /// <summary>The -E administrator (AUTHENTICATE PLAIN as each user), or null.</summary>
    public string? AdminUser { get; init; }

    /// <summary>The -E administrator's password.</summary>
    public string? AdminPassword { get; init; }

    /// <summary>Timeout and TLS settings.</summary>
    public required ConnectionSettings Connection { get; init; }

    /// <summary>-c: messages per FETCH and per MOVE/COPY command (default 500).</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>-t: report what would be moved; change nothing.</summary>
    public bool TestMode { get; init; }

    /// <summary>-f: the first matching rule acts on a message (default: the last matching rule).</summary>
    public bool FirstMatchWins { get; init; }

    /// <summary>--no-move: use UID COPY + UID EXPUNGE even when the server offers MOVE.</summary>
    public bool AvoidMove { get; init; }

    /// <summary>-X: the mailbox emptied after each user's rules, or null.</summary>
    public string? TrashMailbox { get; init; }

    /// <summary>-T: only mailboxes whose name matches <c>^regex</c> get the <c>*</c> rules, or null.</summary>
    public string? GlobalFilter { get; init; }

    /// <summary>The reference time for relative day counts (now, unless a test fixes it).</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.Now;
}
