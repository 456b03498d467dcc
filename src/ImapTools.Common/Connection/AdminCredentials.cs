namespace ImapTools.Common.Connection;

/// <summary>The legacy <c>-A admin_user:admin_password</c> option of the group-2 tools.</summary>
public static class AdminCredentials
{
    /// <summary>
    /// Returns <paramref name="target"/> logging in as <c>admin</c> on behalf of its user (AUTHENTICATE PLAIN with
    /// authorization id = user), or <paramref name="target"/> unchanged when <paramref name="value"/> is null.
    /// The value splits at its first colon.
    /// </summary>
    /// <exception cref="ImapToolsException">The value has no colon or an empty admin name (a usage error).</exception>
    public static ConnectionString Apply(ConnectionString target, string? value, char flag = 'A')
    {
        if (value is null) return target;
        int colon = value.IndexOf(':');
        if (colon <= 0)
            throw new ImapToolsException($"-{flag} must be admin_user:admin_password", ExitCodes.Usage);
        return target with { AdminUser = value[..colon], Password = value[(colon + 1)..] };
    }
}
