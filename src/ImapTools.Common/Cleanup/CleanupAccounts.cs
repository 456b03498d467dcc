using System.Text.RegularExpressions;
using ImapTools.Common.Accounts;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;

namespace ImapTools.Common.Cleanup;

/// <summary>
/// The accounts a cleanup tool works on: the user of the connection string, or every line of a users file
/// (trash and delIMAPdups <c>-i</c>), with the administrator login applied to each.
/// </summary>
public static class CleanupAccounts
{
    /// <summary>
    /// <c>user password</c> or <c>user:password</c>: split once at the first whitespace or colon, both parts trimmed
    /// (delIMAPdups; the original also split at <c>+</c>, spec Q8).
    /// </summary>
    public static UsersFileFormat UserSpaceOrColonPassword(bool passwordOptional) =>
        new(passwordOptional ? "user [password]" : "user password", new Regex(@"\s*[\s:]\s*", RegexOptions.CultureInvariant),
            passwordOptional ? 1 : 2, 2, RestInLastField: true);

    /// <summary><c>user password</c> separated by whitespace; further words are ignored (trash).</summary>
    public static UsersFileFormat UserSpacePassword(bool passwordOptional) =>
        new(passwordOptional ? "user [password]" : "user password", UsersFileFormat.Whitespace, passwordOptional ? 1 : 2, 2);

    /// <summary>
    /// The connections to process: <paramref name="server"/> itself when <paramref name="usersFile"/> is null,
    /// otherwise one per users-file line on the same host and port (and login method).
    /// </summary>
    /// <param name="server">The parsed <c>-S</c> value.</param>
    /// <param name="usersFile">The users file, or null.</param>
    /// <param name="format">The users-file layout.</param>
    /// <param name="adminSpec">The admin flag value <c>admin:password</c>, or null.</param>
    /// <param name="adminFlag">The admin flag letter, for messages.</param>
    /// <param name="adminAtLastColon">Split the admin value at its last colon (trash).</param>
    public static IReadOnlyList<ConnectionString> Targets(ConnectionString server, string? usersFile, UsersFileFormat format,
        string? adminSpec, char adminFlag, bool adminAtLastColon = false)
    {
        ArgumentNullException.ThrowIfNull(server);
        var users = usersFile is null
            ? [server]
            : UsersFile.Read(usersFile, format, "Error opening userlist")
                .Select(e => server with { User = e[0], Password = e[1], AdminUser = null })
                .ToList();
        return users.Select(u => AdminCredentials.Apply(u, adminSpec, adminFlag, adminAtLastColon)).ToList();
    }

    /// <summary>
    /// Connects and logs in to one account of a run; a failure that <paramref name="skip"/> accepts (e.g. a refused
    /// login in a users-file run) is logged as an error and gives null, any other failure propagates.
    /// </summary>
    public static async Task<ImapAccount?> OpenOrSkipAsync(ImapConnector connector, ConnectionString target,
        Func<ImapToolsException, bool> skip, ToolLog log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(skip);
        ArgumentNullException.ThrowIfNull(log);
        try
        {
            return await ImapAccount.OpenAsync(connector, target, "IMAP", null, log, ct).ConfigureAwait(false);
        }
        catch (ImapToolsException e) when (skip(e))
        {
            log.Error(e.Message);
            return null;
        }
    }
}
