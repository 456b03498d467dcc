namespace ImapTools.Common.Connection;

/// <summary>
/// The administrator (proxy) login flags of the cleanup tools (<c>-A admin:adminpwd</c>, trash's <c>-a</c>):
/// AUTHENTICATE PLAIN with authzid = the target user, authcid = the admin (spec _common §2.3, §5.3).
/// </summary>
public static class AdminCredentials
{
    /// <summary>
    /// Returns <paramref name="target"/> set up for an admin login, or unchanged when <paramref name="adminSpec"/> is null.
    /// </summary>
    /// <param name="target">The user's connection (host, port, user).</param>
    /// <param name="adminSpec">The flag value <c>admin:password</c>.</param>
    /// <param name="flag">The flag letter, for the error message.</param>
    /// <param name="splitAtLastColon">Split at the last colon (trash) instead of the first (the other tools).</param>
    /// <exception cref="ImapToolsException">The value has no colon or an empty admin name (<see cref="ExitCodes.Usage"/>).</exception>
    public static ConnectionString Apply(ConnectionString target, string? adminSpec, char flag = 'A', bool splitAtLastColon = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (adminSpec is null) return target;
        var (admin, password) = Split(adminSpec, flag, splitAtLastColon);
        return target with { AdminUser = admin, Password = password };
    }

    /// <summary>
    /// Splits <c>admin:password</c>; the password keeps any further colons (first-colon form); an <c>env:</c>/<c>file:</c>
    /// password is resolved (<see cref="PasswordSource"/>).
    /// </summary>
    /// <exception cref="ImapToolsException">The value has no colon or an empty admin name (<see cref="ExitCodes.Usage"/>).</exception>
    public static (string Admin, string Password) Split(string adminSpec, char flag, bool splitAtLastColon = false)
    {
        ArgumentNullException.ThrowIfNull(adminSpec);
        int colon = splitAtLastColon ? adminSpec.LastIndexOf(':') : adminSpec.IndexOf(':');
        // admin:env:NAME / admin:file:PATH name a password source even in the last-colon form.
        int first = adminSpec.IndexOf(':');
        if (splitAtLastColon && first > 0 && PasswordSource.IsSource(adminSpec[(first + 1)..]))
            colon = first;
        if (colon <= 0)
            throw new ImapToolsException($"-{flag} must be admin_user:admin_password", ExitCodes.Usage);
        return (adminSpec[..colon], PasswordSource.Resolve(adminSpec[(colon + 1)..], flag));
    }
}
