using ImapTools.Common.CommandLine;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;

namespace ImapTools.Common.Accounts;

/// <summary>One source account and the destination account it is compared with or synchronised to.</summary>
/// <param name="LineNumber">The users-file line (0 in single-user mode).</param>
/// <param name="Source">The source login.</param>
/// <param name="Destination">The destination login.</param>
public sealed record AccountPair(int LineNumber, ConnectionString Source, ConnectionString Destination)
{
    /// <summary>The destination user as shown in summaries: up to the first colon.</summary>
    public string DestinationUserName => Destination.User.Split(':')[0];
}

/// <summary>How <c>-E</c>/<c>-F</c> administrator credentials are applied to an account.</summary>
public enum AdminRule
{
    /// <summary>imapsync: only when that account's password is empty (the guide's "leave the password blank").</summary>
    WhenPasswordEmpty,
    /// <summary>imap_audit: for every account (the password is ignored).</summary>
    Always,
}

/// <summary>What the two-account tools (imapsync, imap_audit) read from their command line to build the accounts.</summary>
public sealed record AccountPairOptions
{
    /// <summary>-S: <c>host[:port]/user/password</c>, or just the host with a users file.</summary>
    public required string SourceValue { get; init; }
    /// <summary>-D: like <see cref="SourceValue"/>.</summary>
    public required string DestinationValue { get; init; }
    /// <summary>-u: the users file (<c>srcuser:srcpwd:dstuser:dstpwd</c>), or null for single-user mode.</summary>
    public string? UsersFile { get; init; }
    /// <summary>-E: source <c>admin:password</c>.</summary>
    public string? SourceAdmin { get; init; }
    /// <summary>-F: destination <c>admin:password</c>.</summary>
    public string? DestinationAdmin { get; init; }
    /// <summary>When the admin credentials apply.</summary>
    public AdminRule AdminRule { get; init; } = AdminRule.WhenPasswordEmpty;
    /// <summary>-Y: CRAM-MD5 on the source.</summary>
    public bool SourceCramMd5 { get; init; }
    /// <summary>-Z: CRAM-MD5 on the destination.</summary>
    public bool DestinationCramMd5 { get; init; }
}

/// <summary>Builds the account pairs of a run from <c>-S</c>/<c>-D</c> or a users file (spec imapsync §3.1, imap_audit §3.1).</summary>
public static class AccountPairs
{
    /// <summary>The users-file layout shared by imapsync and imap_audit.</summary>
    public static readonly UsersFileFormat Format = UsersFileFormat.SourceAndDestination(UsersFileFormat.Colon);

    /// <summary>
    /// The shared flags of the two-account tools: -S, -D (both required), -u, -E, -F, -Y, -Z.
    /// </summary>
    public static AccountPairOptions FromCommandLine(ParsedCommandLine p, AdminRule rule)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (!p.Has('S')) throw new ImapToolsException("-S is required: host[:port]/user/password", ExitCodes.Usage);
        if (!p.Has('D')) throw new ImapToolsException("-D is required: host[:port]/user/password", ExitCodes.Usage);
        return new AccountPairOptions
        {
            SourceValue = p.Value('S')!,
            DestinationValue = p.Value('D')!,
            UsersFile = p.Value('u'),
            SourceAdmin = p.Value('E'),
            DestinationAdmin = p.Value('F'),
            AdminRule = rule,
            SourceCramMd5 = p.Has('Y'),
            DestinationCramMd5 = p.Has('Z'),
        };
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every pair in order. With several pairs one account's failure is logged with
    /// the user's name and never stops the others (the originals ended the whole run); a single pair's failure is
    /// rethrown. Returns the number of pairs that failed.
    /// </summary>
    public static async Task<int> ForEachAsync(IReadOnlyList<AccountPair> pairs, Func<AccountPair, Task> body, ToolLog log)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(log);
        int failures = 0;
        foreach (var pair in pairs)
        {
            try
            {
                await body(pair).ConfigureAwait(false);
            }
            catch (ImapToolsException e) when (pairs.Count > 1)
            {
                log.Error($"{pair.Source.User}: {e.Message}");
                failures++;
            }
        }
        return failures;
    }

    /// <summary>Reads the pairs; bad values are usage errors, an unreadable or malformed users file is a file error.</summary>
    public static IReadOnlyList<AccountPair> Read(AccountPairOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var pairs = new List<AccountPair>();
        if (o.UsersFile is null)
        {
            var source = ConnectionString.Parse(o.SourceValue, 'S');
            var destination = ConnectionString.Parse(o.DestinationValue, 'D');
            if (source.User.Length == 0) throw new ImapToolsException("-S needs host[:port]/user/password (or a users file with -u)", ExitCodes.Usage);
            if (destination.User.Length == 0) throw new ImapToolsException("-D needs host[:port]/user/password (or a users file with -u)", ExitCodes.Usage);
            pairs.Add(new AccountPair(0, source, destination));
        }
        else
        {
            var (sHost, sPort) = HostOf(o.SourceValue, 'S');
            var (dHost, dPort) = HostOf(o.DestinationValue, 'D');
            foreach (var e in UsersFile.Read(o.UsersFile, Format))
            {
                if (e[0].Length == 0 || e[2].Length == 0)
                    throw new ImapToolsException($"Error at line {e.LineNumber} in users file: not in srcuser:srcpwd:dstuser:dstpwd format", ExitCodes.File);
                pairs.Add(new AccountPair(e.LineNumber,
                    new ConnectionString(sHost, sPort, e[0], e[1], LoginMethod.Default, null),
                    new ConnectionString(dHost, dPort, e[2], e[3], LoginMethod.Default, null)));
            }
        }
        var sourceAdmin = Admin(o.SourceAdmin, 'E');
        var destinationAdmin = Admin(o.DestinationAdmin, 'F');
        return pairs.Select(p => p with
        {
            Source = Apply(p.Source, sourceAdmin, o.AdminRule, o.SourceCramMd5),
            Destination = Apply(p.Destination, destinationAdmin, o.AdminRule, o.DestinationCramMd5),
        }).ToList();
    }

    private static (string Host, int Port) HostOf(string value, char flag)
    {
        if (string.IsNullOrEmpty(value)) throw new ImapToolsException($"-{flag} is required: the host[:port] of the server", ExitCodes.Usage);
        return ConnectionString.ParseHostPort(value.Split('/')[0], flag);
    }

    private static (string User, string Password)? Admin(string? value, char flag)
    {
        if (value is null) return null;
        int colon = value.IndexOf(':');
        if (colon <= 0) throw new ImapToolsException($"-{flag} must be admin:password", ExitCodes.Usage);
        return (value[..colon], PasswordSource.Resolve(value[(colon + 1)..], flag));
    }

    private static ConnectionString Apply(ConnectionString c, (string User, string Password)? admin, AdminRule rule, bool cram)
    {
        if (admin is { } a && (rule == AdminRule.Always || c.Password.Length == 0))
            c = c with { AdminUser = a.User, Password = a.Password };
        if (cram) c = c with { Method = LoginMethod.CramMd5 };
        return c;
    }
}
