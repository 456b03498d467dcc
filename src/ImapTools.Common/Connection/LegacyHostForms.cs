namespace ImapTools.Common.Connection;

/// <summary>
/// The connection forms of the tools that take host, user and password as separate flags (imapPing,
/// imapCapability: <c>-h host[:port][/CRAM-MD5] -u user -p password [-A admin:pwd]</c>) and the legacy
/// <c>-A admin:password</c> value (spec _common §2.2, §2.3).
/// </summary>
public static class LegacyHostForms
{
    private const string CramSuffix = "/CRAM-MD5";

    /// <summary>
    /// Removes every <c>/CRAM-MD5</c> (any case) from a host value; <c>CramMd5</c> is true when the text
    /// <c>CRAM-MD5</c> appeared anywhere in it (any case).
    /// </summary>
    public static (string HostPort, bool CramMd5) StripCramMd5(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        bool cram = value.Contains("CRAM-MD5", StringComparison.OrdinalIgnoreCase);
        string host = value;
        int i;
        while ((i = host.IndexOf(CramSuffix, StringComparison.OrdinalIgnoreCase)) >= 0)
            host = host.Remove(i, CramSuffix.Length);
        return (host, cram);
    }

    /// <summary>
    /// Splits <c>admin:password</c> at the first colon (the admin password may contain further colons; the
    /// originals of these tools dropped them, which only made such passwords unusable).
    /// </summary>
    /// <remarks>An <c>env:</c>/<c>file:</c> password is resolved (<see cref="PasswordSource"/>).</remarks>
    /// <exception cref="ImapToolsException">No colon: usage error naming the flag.</exception>
    public static (string Admin, string Password) SplitAdmin(string value, char flag)
    {
        ArgumentNullException.ThrowIfNull(value);
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            throw new ImapToolsException($"-{flag} must be admin_user:admin_password", ExitCodes.Usage);
        return (value[..colon], PasswordSource.Resolve(value[(colon + 1)..], flag));
    }

    /// <summary>
    /// Builds the connection of <c>-h host[:port][/CRAM-MD5] -u user -p password [-A admin:pwd]</c>: with an
    /// admin the login is AUTHENTICATE PLAIN as <paramref name="user"/> with the admin's credentials and the
    /// user's password is not needed.
    /// </summary>
    public static ConnectionString FromSeparateFlags(string hostValue, string user, string? password, string? admin, char hostFlag)
    {
        var (hostPort, cram) = StripCramMd5(hostValue);
        var (host, port) = ConnectionString.ParseHostPort(hostPort, hostFlag);
        if (admin is not null)
        {
            var (adminUser, adminPassword) = SplitAdmin(admin, 'A');
            return new ConnectionString(host, port, user, adminPassword, LoginMethod.Default, adminUser);
        }
        return new ConnectionString(host, port, user, PasswordSource.Resolve(password ?? "", 'p'), cram ? LoginMethod.CramMd5 : LoginMethod.Default, null);
    }
}
