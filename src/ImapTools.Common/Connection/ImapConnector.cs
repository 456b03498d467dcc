using System.Net;
using System.Net.Sockets;
using ImapTools.Common.Logging;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace ImapTools.Common.Connection;

/// <summary>Opens and authenticates IMAP connections the way the legacy tools did, with verified TLS by default.</summary>
public sealed class ImapConnector
{
    private readonly ConnectionSettings _settings;
    private readonly ToolLog _log;

    /// <summary>Creates a connector for one run.</summary>
    public ImapConnector(ConnectionSettings settings, ToolLog log)
    {
        _settings = settings;
        _log = log;
    }

    /// <summary>
    /// Wraps the protocol logger of every client this connector creates (e.g. to record server lines such as the
    /// capability list while still tracing with <c>-I</c>); null keeps the log's own logger.
    /// </summary>
    public Func<IProtocolLogger, IProtocolLogger>? WrapProtocolLogger { get; init; }

    /// <summary>Connects, secures and logs in; <paramref name="side"/> ("source"/"destination") names the server in errors.</summary>
    public async Task<ImapClient> ConnectAsync(ConnectionString target, string side, CancellationToken ct)
    {
        var client = await ConnectUnauthenticatedAsync(target, side, ct).ConfigureAwait(false);
        try
        {
            await AuthenticateAsync(client, target, side, ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects and secures (port rule of <see cref="TransportRule"/>) without logging in, for tools that time or
    /// report the two steps separately. Errors are <see cref="ImapToolsException"/>s with the legacy texts.
    /// </summary>
    public async Task<ImapClient> ConnectUnauthenticatedAsync(ConnectionString target, string side, CancellationToken ct)
    {
        _log.Debug($"Connecting to {target.Host}");
        var logger = new ThrottleWatcher(_log.CreateProtocolLogger());
        var client = new ImapClient(WrapProtocolLogger is null ? logger : WrapProtocolLogger(logger))
        {
            Timeout = (int)Math.Min(int.MaxValue, _settings.Timeout.TotalMilliseconds),
            CheckCertificateRevocation = false,
        };
        var check = new CertificateCheck(_settings.Insecure);
        client.ServerCertificateValidationCallback = check.Validate;
        try
        {
            var options = await TransportRule.ChooseAsync(target.Host, target.Port, _settings.Timeout, ct).ConfigureAwait(false);
            _log.Debug(options == SecureSocketOptions.SslOnConnect ? "Attempting an SSL connection" : "Attempting a non-SSL connection");
            await client.ConnectAsync(target.Host, target.Port, options, ct).ConfigureAwait(false);
            // MailKit's StartTlsWhenAvailable goes on in plain text when the server answers STARTTLS with NO/BAD:
            // a server that offered STARTTLS and then failed it is refused, never silently downgraded.
            if (options == SecureSocketOptions.StartTlsWhenAvailable && !client.IsSecure && client.Capabilities.HasFlag(ImapCapabilities.StartTLS))
                throw TransportRule.StartTlsFailed(target.Host, target.Port);
            return client;
        }
        catch (Exception e)
        {
            client.Dispose();
            throw e is SslHandshakeException && check.Problem is not null
                ? new ImapToolsException(check.RefusalText(target.Host, target.Port, side), ExitCodes.Connect, e)
                : Translate(e, target, side);
        }
    }

    /// <summary>
    /// Logs in on a connection from <see cref="ConnectUnauthenticatedAsync"/> (CRAM-MD5, XOAUTH2, admin PLAIN or
    /// LOGIN). A refusal is an <see cref="ImapToolsException"/> with <see cref="ExitCodes.Authentication"/>; the
    /// client stays connected so the caller may go on (imapPing) or dispose it.
    /// </summary>
    public async Task AuthenticateAsync(ImapClient client, ConnectionString target, string side, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            await LoginAsync(client, target, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw Translate(e, target, side);
        }
    }

    private async Task LoginAsync(ImapClient client, ConnectionString target, CancellationToken ct)
    {
        if (target.Method == LoginMethod.Preauth)
        {
            if (!client.IsAuthenticated)
                throw new ImapToolsException($"PREAUTH was requested for {target.Host} but the server did not pre-authenticate the connection", ExitCodes.Authentication);
            return;
        }
        _log.Debug($"Authenticating to {target.Host} as {target.User}");
        if (target.Method == LoginMethod.CramMd5)
        {
            _log.Info("login method CRAM-MD5");
            await client.AuthenticateAsync(new SaslMechanismCramMd5(new NetworkCredential(target.User, target.Password)), ct).ConfigureAwait(false);
        }
        else if (target.IsOAuth2)
        {
            _log.Info("password is an OAUTH2 token");
            await client.AuthenticateAsync(new SaslMechanismOAuth2(target.User, target.OAuth2Token), ct).ConfigureAwait(false);
        }
        else if (target.AdminUser is not null)
        {
            // Admin form user:admin: AUTHENTICATE PLAIN with authzid = user, authcid = admin.
            var plain = new SaslMechanismPlain(new NetworkCredential(target.AdminUser, target.Password)) { AuthorizationId = target.User };
            await client.AuthenticateAsync(plain, ct).ConfigureAwait(false);
        }
        else if (target.HostAndPort.Equals("imap.gmail.com:993", StringComparison.OrdinalIgnoreCase))
        {
            await client.AuthenticateAsync(new SaslMechanismPlain(new NetworkCredential(target.User, target.Password)), ct).ConfigureAwait(false);
        }
        else
        {
            // The legacy tools sent LOGIN; with no SASL mechanisms left MailKit falls back to the LOGIN command.
            client.AuthenticationMechanisms.Clear();
            await client.AuthenticateAsync(new NetworkCredential(target.User, target.Password), ct).ConfigureAwait(false);
        }
        _log.Debug($"Logged in as {target.User}");
    }

    private static Exception Translate(Exception e, ConnectionString target, string side) => e switch
    {
        ImapToolsException => e,
        OperationCanceledException => e,
        SslHandshakeException ssl when ssl.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) || ssl.InnerException is System.Security.Authentication.AuthenticationException =>
            new ImapToolsException(
                $"Error connecting to {target.Host}:{target.Port}: the {side} server's TLS certificate could not be verified; use --insecure or IMAPTOOLS_INSECURE=1 to accept it",
                ExitCodes.Connect, e),
        SslHandshakeException => new ImapToolsException($"Error connecting to {target.Host}:{target.Port}: TLS handshake failed", ExitCodes.Connect, e),
        SocketException s => new ImapToolsException($"Error connecting to {target.Host}:{target.Port}: {s.Message}", ExitCodes.Connect, e),
        MailKit.Security.AuthenticationException a => new ImapToolsException($"unexpected LOGIN response: {OneLine(a.Message)} ({side} {target.User}@{target.Host})", ExitCodes.Authentication, e),
        ImapCommandException c => new ImapToolsException($"unexpected LOGIN response: {c.Response} {OneLine(c.ResponseText)} ({side} {target.User}@{target.Host})", ExitCodes.Authentication, e),
        NotSupportedException n => new ImapToolsException($"Cannot log in to the {side} server {target.Host}: {OneLine(n.Message)}", ExitCodes.Authentication, e),
        TimeoutException => new ImapToolsException($"Error connecting to {target.Host}:{target.Port}: timed out", ExitCodes.Connect, e),
        IOException or ImapProtocolException => new ImapToolsException($"Error connecting to {target.Host}:{target.Port}: {OneLine(e.Message)}", ExitCodes.Connect, e),
        _ => e,
    };

    /// <summary>
    /// The server's own words for a refused login, as the legacy tools printed them after
    /// <c>Unexpected LOGIN response: </c> (e.g. <c>Authentication failed.</c> or <c>NO [AUTHENTICATIONFAILED] …</c>).
    /// </summary>
    public static string LoginFailureText(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var inner = e is ImapToolsException { InnerException: { } i } ? i : e;
        return inner switch
        {
            ImapCommandException c => OneLine($"{c.Response} {c.ResponseText}"),
            _ => OneLine(inner.Message),
        };
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
