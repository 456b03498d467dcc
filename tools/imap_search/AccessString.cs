using System.Globalization;
using System.Text.RegularExpressions;
using ImapTools.Common;
using ImapTools.Common.Connection;

namespace ImapTools.Tools.ImapSearch;

/// <summary>
/// imap_search's first argument (spec imap_search §2): <c>host[:port]/user/password[:mailbox]</c>,
/// <c>host[:port]/user:admin/adminpwd</c>, <c>host[:port]/user/oauth2:token</c>, or <c>user[:mailbox]</c> with host and
/// admin from the config file; <c>/CRAM-MD5</c> anywhere selects CRAM-MD5. Unlike the original, the explicit forms
/// also work without <c>:port</c> (default 143). The password may be <c>env:NAME</c> (then <c>:mailbox</c> may
/// follow) or <c>file:PATH</c> (to the end of the string), see <see cref="PasswordSource"/>.
/// </summary>
public static partial class AccessString
{
    /// <summary>What the access string resolves to.</summary>
    /// <param name="Target">The login.</param>
    /// <param name="Mailbox">The single mailbox as typed, or null for all folders.</param>
    public sealed record Result(ConnectionString Target, string? Mailbox);

    /// <summary>Parses <paramref name="access"/>; <paramref name="hasTerms"/> tells whether search terms follow (the user-only form needs them).</summary>
    /// <exception cref="ImapToolsException">The form is not recognised, the config lacks what the form needs, or the port is invalid.</exception>
    public static Result Parse(string access, bool hasTerms, SearchConfig config)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(config);
        bool cram = access.Contains("CRAM-MD5", StringComparison.OrdinalIgnoreCase);
        int at = access.IndexOf("/CRAM-MD5", StringComparison.OrdinalIgnoreCase);
        if (at >= 0) access = access.Remove(at, "/CRAM-MD5".Length);
        string? passwordSource = CutPasswordSource(ref access);

        string host, user, password;
        string? mailbox = null;
        bool viaConfig = false;
        Match m;
        if ((m = OAuth().Match(access)).Success)
            (host, user, password) = (m.Groups[1].Value, m.Groups[2].Value, "oauth2:" + m.Groups[3].Value);
        else if ((m = PortAndMailbox().Match(access)).Success)
            (host, user, password, mailbox) = (m.Groups[1].Value + ":" + m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value, m.Groups[5].Value);
        else if ((m = Port().Match(access)).Success)
            (host, user, password) = (m.Groups[1].Value + ":" + m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value);
        else if ((m = NoPort().Match(access)).Success)
        {
            (host, user, password) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
            int colon = password.LastIndexOf(':');
            if (colon > 0 && colon < password.Length - 1) (password, mailbox) = (password[..colon], password[(colon + 1)..]);
        }
        else if (access.Length > 0 && (access.Contains(':') || hasTerms))
        {
            int colon = access.LastIndexOf(':');
            if (colon > 0 && colon < access.Length - 1) (user, mailbox) = (access[..colon], access[(colon + 1)..]);
            else user = access;
            if (config.Path is null)
                throw new ImapToolsException($"imap_search: '{access}' needs a config file imap_search.cf with server, admin_user and admin_pwd (looked in {string.Join(", ", SearchConfig.Places)})", ExitCodes.File);
            if (!config.HasAdmin || config.Server is null)
                throw new ImapToolsException($"imap_search: '{access}' needs server, admin_user and admin_pwd in {config.Path}", ExitCodes.Usage);
            (host, password, viaConfig) = (config.Server, config.AdminPassword!, true);
        }
        else
            throw new ImapToolsException("imap_search: expected host[:port]/user/password[:mailbox] and at least one field=value term", ExitCodes.Usage);

        if (passwordSource is not null && password == SourcePlaceholder)
            password = PasswordSource.Resolve(passwordSource, "access string");
        if (user.Length == 0 || password.Length == 0 || host.Length == 0)
            throw new ImapToolsException("imap_search: the access string needs a host, a user and a password", ExitCodes.Usage);

        var (name, port) = HostPort(host);
        string? admin = null;
        if (viaConfig) admin = config.AdminUser;
        else
        {
            int split = config.HasAdmin ? user.IndexOfAny([':', '/']) : user.IndexOf(':');
            if (split >= 0) (user, admin) = (user[..split], user[(split + 1)..]);
            else if (config.HasAdmin) admin = user;   // PLAIN self login, as the original did with a config file
        }
        var target = new ConnectionString(name, port, user, password, cram ? LoginMethod.CramMd5 : LoginMethod.Default, admin);
        return new Result(target, mailbox);
    }

    private const string SourcePlaceholder = "\u0001password-source\u0001";

    /// <summary>
    /// Replaces an <c>env:NAME</c> password (up to the next colon, which starts the mailbox) or a <c>file:PATH</c>
    /// password (to the end: the path may hold slashes and colons) by a placeholder the forms above parse as a
    /// password, and returns it; null when the access string names no password source.
    /// </summary>
    private static string? CutPasswordSource(ref string access)
    {
        int env = access.IndexOf("/" + PasswordSource.EnvironmentPrefix, StringComparison.Ordinal);
        int file = access.IndexOf("/" + PasswordSource.FilePrefix, StringComparison.Ordinal);
        int at = env < 0 ? file : file < 0 ? env : Math.Min(env, file);
        if (at < 0) return null;
        string rest = access[(at + 1)..];
        string source = rest;
        if (at == env)
        {
            int colon = rest.IndexOf(':', PasswordSource.EnvironmentPrefix.Length);
            if (colon >= 0) source = rest[..colon];
        }
        if (!PasswordSource.IsSource(source)) return null;
        access = access[..(at + 1)] + SourcePlaceholder + rest[source.Length..];
        return source;
    }

    private static (string Host, int Port) HostPort(string value)
    {
        string[] parts = value.Split(':');
        if (parts.Length < 2 || parts[1].Length == 0) return (parts[0], ConnectionString.DefaultImapPort);
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            throw new ImapToolsException($"imap_search: invalid port '{parts[1]}' in '{value}'", ExitCodes.Usage);
        return (parts[0], port);
    }

    [GeneratedRegex("^(.+)/(.+)/oauth2:(.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex OAuth();

    [GeneratedRegex("^(.+):(.+)/(.+)/(.+):(.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex PortAndMailbox();

    [GeneratedRegex("^(.+):(.+)/(.+)/(.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Port();

    [GeneratedRegex("^([^/:]+)/([^/]+)/(.+)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex NoPort();
}
