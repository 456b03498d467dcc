namespace ImapTools.Common.Connection;

/// <summary>How a connection authenticates, taken from the fourth field of a legacy connection string.</summary>
public enum LoginMethod
{
    /// <summary>LOGIN, or AUTHENTICATE PLAIN in admin form (<c>user:admin</c>) and for Gmail.</summary>
    Default,
    /// <summary>AUTHENTICATE CRAM-MD5 (RFC 2195).</summary>
    CramMd5,
    /// <summary>No authentication: the server pre-authenticates the connection.</summary>
    Preauth,
}

/// <summary>
/// A legacy connection string <c>host[:port]/user/password[/method]</c> (see spec _group1_notes §2, imapcopy §2.2).
/// </summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">TCP port (default 143).</param>
/// <param name="User">The user whose mailboxes are used (the authorization identity in admin form).</param>
/// <param name="Password">The password, the administrator's password in admin form, or the OAuth2 token.</param>
/// <param name="Method">The login method from the fourth field.</param>
/// <param name="AdminUser">The administrator (authentication identity) of <c>user:admin</c>, or null.</param>
public sealed record ConnectionString(string Host, int Port, string User, string Password, LoginMethod Method, string? AdminUser)
{
    /// <summary>The default IMAP port.</summary>
    public const int DefaultImapPort = 143;

    /// <summary>True when the password is an XOAUTH2 access token (<c>oauth2:</c> prefix, any case).</summary>
    public bool IsOAuth2 => Password.StartsWith("oauth2:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The bearer token of an <c>oauth2:</c> password.</summary>
    public string OAuth2Token => IsOAuth2 ? Password["oauth2:".Length..] : throw new InvalidOperationException("not an oauth2 password");

    /// <summary>The host as written with its port, e.g. <c>imap.gmail.com:993</c>.</summary>
    public string HostAndPort => $"{Host}:{Port}";

    /// <summary>
    /// Parses imapcopy's form: the separator is <c>\</c> when the value contains a backslash, otherwise <c>/</c>;
    /// fields beyond the fourth are ignored; <c>user:admin</c> splits at the last colon.
    /// </summary>
    /// <param name="value">The -S or -D value.</param>
    /// <param name="flag">The flag letter, for the error message.</param>
    /// <remarks>A password field <c>env:NAME</c> or <c>file:PATH</c> is resolved here (<see cref="PasswordSource"/>);
    /// with <c>/</c> as the separator the path of <c>file:</c> may contain slashes (it runs to the end, before a
    /// trailing <c>/CRAM-MD5</c> or <c>/PREAUTH</c>).</remarks>
    public static ConnectionString Parse(string value, char flag) => Parse(value, flag, resolvePasswordSource: true);

    /// <summary>
    /// Parses like <see cref="Parse(string, char)"/>; <paramref name="resolvePasswordSource"/> false keeps an
    /// <c>env:</c>/<c>file:</c> password as text (for values that do not come from the command line, e.g. a web form).
    /// </summary>
    public static ConnectionString Parse(string value, char flag, bool resolvePasswordSource)
    {
        if (string.IsNullOrEmpty(value))
            throw new ImapToolsException($"-{flag} is required: host[:port]/user/password", ExitCodes.Usage);
        char separator = value.Contains('\\') ? '\\' : '/';
        string[] fields = value.Split(separator);
        var (host, port) = ParseHostPort(fields[0], flag);
        string user = fields.Length > 1 ? fields[1] : "";
        string password = fields.Length > 2 ? fields[2] : "";
        string method = fields.Length > 3 ? fields[3] : "";
        if (separator == '/' && fields.Length > 3 && password.StartsWith(PasswordSource.FilePrefix, StringComparison.Ordinal))
        {
            string last = fields[^1];
            bool isMethod = last.Equals("CRAM-MD5", StringComparison.OrdinalIgnoreCase) || last == "PREAUTH";
            password = string.Join('/', fields[2..(isMethod ? fields.Length - 1 : fields.Length)]);
            method = isMethod ? last : "";
        }
        if (resolvePasswordSource) password = PasswordSource.Resolve(password, flag);
        var login = method.Equals("CRAM-MD5", StringComparison.OrdinalIgnoreCase) ? LoginMethod.CramMd5
            : method == "PREAUTH" ? LoginMethod.Preauth
            : LoginMethod.Default;
        string? admin = null;
        int colon = user.LastIndexOf(':');
        if (colon >= 0)
        {
            admin = user[(colon + 1)..];
            user = user[..colon];
        }
        return new ConnectionString(host, port, user, password, login, admin);
    }

    /// <summary>Splits <c>host[:port]</c> at the first colon; further fields are ignored as in the originals.</summary>
    public static (string Host, int Port) ParseHostPort(string value, char flag)
    {
        string[] parts = value.Split(':');
        string host = parts[0];
        if (host.Length == 0)
            throw new ImapToolsException($"-{flag} has no host name: expected host[:port]/user/password", ExitCodes.Usage);
        int port = DefaultImapPort;
        if (parts.Length > 1 && parts[1].Length > 0 && (!int.TryParse(parts[1], out port) || port is < 1 or > 65535))
            throw new ImapToolsException($"-{flag} has an invalid port '{parts[1]}'", ExitCodes.Usage);
        return (host, port);
    }

    /// <summary>
    /// Applies the destination rules: <c>*</c> as user or password means "the source's value".
    /// </summary>
    public ConnectionString InheritFrom(ConnectionString source) => this with
    {
        User = User == "*" ? source.User : User,
        Password = Password == "*" ? source.Password : Password,
        AdminUser = User == "*" && AdminUser is null ? source.AdminUser : AdminUser,
    };

    /// <summary>
    /// Resolves the special passwords: the exact word <paramref name="environmentWord"/> (SOURCEPWD or DESTPWD) reads the
    /// environment variable of that name; <c>PROMPT</c> asks on the terminal without echo.
    /// </summary>
    public ConnectionString ResolvePassword(string environmentWord, Func<string, string> prompt, string promptText)
    {
        if (Password == environmentWord)
        {
            string? env = Environment.GetEnvironmentVariable(environmentWord);
            if (env is null)
                throw new ImapToolsException($"The password is {environmentWord} but the environment variable {environmentWord} is not set", ExitCodes.Usage);
            return this with { Password = env };
        }
        if (Password == "PROMPT")
            return this with { Password = prompt(promptText) };
        return this;
    }

    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"{Host}:{Port}/{User}{(AdminUser is null ? "" : ":" + AdminUser)}/********";
}
