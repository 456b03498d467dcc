using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;

namespace ImapTools.Common.Jobs;

/// <summary>One line of a migrateIMAP users file: <c>sourceUser:sourcePassword:destinationUser:destinationPassword</c>.</summary>
/// <param name="LineNumber">The 1-based line number, for messages.</param>
/// <param name="SourceUser">The source user.</param>
/// <param name="SourcePassword">The source password (empty: administrator login with -e).</param>
/// <param name="DestinationUser">The destination user.</param>
/// <param name="DestinationPassword">The destination password (empty: administrator login with -f).</param>
public sealed record MigrationUser(int LineNumber, string SourceUser, string SourcePassword, string DestinationUser, string DestinationPassword)
{
    /// <summary>Never prints a password.</summary>
    public override string ToString() => $"{SourceUser} -> {DestinationUser} (line {LineNumber})";

    /// <summary>
    /// Reads a users file with the shared reader (<see cref="UsersFile"/>): fields split on a colon with any
    /// whitespace around it, <c>\:</c> is a literal colon, <c>oauth2:</c> keeps its colon, <c>#</c> lines and blank
    /// lines are skipped. A line without three fields or with an empty user name is an error naming the line.
    /// </summary>
    /// <exception cref="ImapToolsException">The file cannot be read or a line is malformed (<see cref="ExitCodes.File"/>).</exception>
    public static IReadOnlyList<MigrationUser> Read(string path)
    {
        var entries = UsersFile.Read(path, UsersFileFormat.SourceAndDestination(UsersFileFormat.SpacedColon), "Fatal error reading");
        var users = new List<MigrationUser>(entries.Count);
        foreach (var e in entries)
        {
            if (e[0].Length == 0 || e[2].Length == 0)
                throw new ImapToolsException($"Error at line {e.LineNumber} in {path}: the {(e[0].Length == 0 ? "source" : "destination")} user is empty (srcuser:srcpwd:dstuser:dstpwd)", ExitCodes.File);
            users.Add(new MigrationUser(e.LineNumber, e[0], e[1], e[2], e[3]));
        }
        return users;
    }
}

/// <summary>How migrateIMAP logs in on one side (source: -S, -e, -P, -G; destination: -D, -f, -Q, -J).</summary>
/// <param name="Host">The host from -S/-D.</param>
/// <param name="Port">The port (default 143).</param>
/// <param name="CramMd5">The host had the <c>/CRAM-MD5</c> suffix.</param>
/// <param name="AdminUser">-e/-f administrator, used when the user's password is empty.</param>
/// <param name="AdminPassword">The administrator's password.</param>
/// <param name="ForcePlain">-P/-Q: AUTHENTICATE PLAIN with the user's own name and password.</param>
/// <param name="RawOAuth2">-G/-J: every password of this side is a raw XOAUTH2 token.</param>
public sealed record MigrationLogin(string Host, int Port, bool CramMd5, string? AdminUser, string? AdminPassword, bool ForcePlain, bool RawOAuth2)
{
    /// <summary>
    /// Parses <c>host[:port][/CRAM-MD5]</c> (CRAM-MD5 detected in any case) from -S or -D.
    /// </summary>
    /// <param name="value">The -S or -D value.</param>
    /// <param name="flag">The letter, for messages.</param>
    /// <param name="admin">The -e/-f value <c>admin:password</c>, or null.</param>
    /// <param name="forcePlain">-P/-Q.</param>
    /// <param name="rawOAuth2">-G/-J.</param>
    /// <exception cref="ImapToolsException">Bad host, port or administrator value (<see cref="ExitCodes.Usage"/>).</exception>
    public static MigrationLogin Parse(string value, char flag, string? admin, bool forcePlain, bool rawOAuth2)
    {
        bool cram = value.Contains("CRAM-MD5", StringComparison.OrdinalIgnoreCase);
        int slash = value.IndexOf('/', StringComparison.Ordinal);
        string hostPort = slash >= 0 ? value[..slash] : value;
        var (host, port) = ConnectionString.ParseHostPort(hostPort, flag);
        string? adminUser = null, adminPassword = null;
        if (admin is not null)
        {
            int colon = admin.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw new ImapToolsException($"The administrator for -S/-D logins must be given as admin:password", ExitCodes.Usage);
            adminUser = admin[..colon];
            adminPassword = PasswordSource.Resolve(admin[(colon + 1)..], flag == 'S' ? 'e' : 'f');
        }
        return new MigrationLogin(host, port, cram, adminUser, adminPassword, forcePlain, rawOAuth2);
    }

    /// <summary>
    /// The connection for one user (spec migrateIMAP §4.3): CRAM-MD5 host suffix; else -P/-Q PLAIN with the user's
    /// own credentials; else, when the password is empty and an administrator is given, PLAIN with authzid = user;
    /// -G/-J turn the password into an XOAUTH2 token. <paramref name="method"/> is the legacy line naming the method (null when the connector logs it).
    /// </summary>
    /// <exception cref="ImapToolsException">No password and no administrator: <c>Password not found for &lt;user&gt;, messages will not be migrated</c>.</exception>
    public ConnectionString For(string user, string password, out string? method)
    {
        var target = new ConnectionString(Host, Port, user, password, LoginMethod.Default, null);
        if (CramMd5)
        {
            method = null; // the connector logs "login method CRAM-MD5"
            return target with { Method = LoginMethod.CramMd5 };
        }
        if (password.Length == 0 && !ForcePlain)
        {
            if (AdminUser is null)
                throw new ImapToolsException($"Password not found for {user}, messages will not be migrated", ExitCodes.Authentication);
            method = "AUTH PLAIN as the administrator";
            return target with { AdminUser = AdminUser, Password = AdminPassword ?? "" };
        }
        if (ForcePlain)
        {
            method = "PLAIN login";
            return target with { AdminUser = user };
        }
        if (RawOAuth2)
        {
            method = null; // the connector logs "password is an OAUTH2 token"
            return target with { Password = "oauth2:" + password };
        }
        method = target.IsOAuth2 ? null : "ORDINARY login";
        return target;
    }
}
