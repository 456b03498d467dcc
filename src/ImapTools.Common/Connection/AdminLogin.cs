namespace ImapTools.Common.Connection;

/// <summary>The legacy <c>-A admin_user:admin_password</c> option: log in as the administrator on behalf of each user.</summary>
public static class AdminLogin
{
    /// <summary>
    /// Applies a <c>-A</c> value to an account (split at the first colon): the administrator becomes the authentication
    /// identity and its password the password. A null value returns the account unchanged.
    /// </summary>
    /// <exception cref="ImapToolsException">The value has no colon or no user (<see cref="ExitCodes.Usage"/>).</exception>
    public static ConnectionString Apply(ConnectionString account, string? value)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (value is null) return account;
        int colon = value.IndexOf(':');
        if (colon <= 0) throw new ImapToolsException("-A must be admin_user:admin_password", ExitCodes.Usage);
        return account with { AdminUser = value[..colon], Password = value[(colon + 1)..] };
    }
}
