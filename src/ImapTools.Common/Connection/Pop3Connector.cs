using System.Net;
using System.Net.Sockets;
using ImapTools.Common.Logging;
using MailKit;
using MailKit.Net.Pop3;
using MailKit.Security;

namespace ImapTools.Common.Connection;

/// <summary>
/// Opens and authenticates POP3 connections with the same transport rules as <see cref="ImapConnector"/>: 995
/// implicit TLS, 110 plain upgraded with STLS when offered, other ports probed; certificates verified unless
/// insecure. A refused PASS is a failed login (the original read the replies off by one and reported success).
/// </summary>
public sealed class Pop3Connector
{
    /// <summary>The default POP3 port.</summary>
    public const int DefaultPop3Port = 110;

    private readonly ConnectionSettings _settings;
    private readonly ToolLog _log;

    /// <summary>Creates a connector for one run.</summary>
    public Pop3Connector(ConnectionSettings settings, ToolLog log)
    {
        _settings = settings;
        _log = log;
    }

    /// <summary>
    /// Parses a POP3 <c>host[:port][/user/password]</c> value; the port defaults to 110.
    /// </summary>
    public static ConnectionString Parse(string value, char flag)
    {
        var parsed = ConnectionString.Parse(value, flag);
        string hostPart = value.Split(value.Contains('\\') ? '\\' : '/')[0];
        return hostPart.Contains(':') ? parsed : parsed with { Port = DefaultPop3Port };
    }

    /// <summary>Connects and logs in as <paramref name="target"/>'s user.</summary>
    /// <exception cref="ImapToolsException">
    /// <c>Error connecting to host:port: …</c> (<see cref="ExitCodes.Connect"/>) or
    /// <c>Error logging into the POP server as user: …</c> (<see cref="ExitCodes.Authentication"/>).
    /// </exception>
    public async Task<Pop3Client> ConnectAsync(ConnectionString target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        var client = new Pop3Client(_log.CreateProtocolLogger())
        {
            Timeout = (int)Math.Min(int.MaxValue, _settings.Timeout.TotalMilliseconds),
            CheckCertificateRevocation = false,
        };
        var check = new CertificateCheck(_settings.Insecure);
        client.ServerCertificateValidationCallback = check.Validate;
        try
        {
            var options = await TransportRule.ChooseAsync(target.Host, target.Port, _settings.Timeout, ct).ConfigureAwait(false);
            await client.ConnectAsync(target.Host, target.Port, options, ct).ConfigureAwait(false);
            // Never go on in plain text when the server offered STLS and it did not secure the connection.
            if (options == SecureSocketOptions.StartTlsWhenAvailable && !client.IsSecure && client.Capabilities.HasFlag(Pop3Capabilities.StartTLS))
                throw TransportRule.StartTlsFailed(target.Host, target.Port);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            client.Dispose();
            throw e switch
            {
                ImapToolsException => e,
                SslHandshakeException when check.Problem is not null =>
                    new ImapToolsException(check.RefusalText(target.Host, target.Port, "POP3"), ExitCodes.Connect, e),
                SslHandshakeException => new ImapToolsException(
                    $"Error connecting to {target.Host}:{target.Port}: TLS handshake or certificate verification failed; use --insecure or IMAPTOOLS_INSECURE=1 to accept the certificate", ExitCodes.Connect, e),
                // While connecting the only command that can fail this way is STLS (a failed CAPA is tolerated).
                Pop3CommandException => new ImapToolsException(TransportRule.StartTlsFailed(target.Host, target.Port).Message, ExitCodes.Connect, e),
                SocketException or IOException or TimeoutException or Pop3ProtocolException =>
                    new ImapToolsException($"Error connecting to {target.Host}:{target.Port}: {OneLine(e.Message)}", ExitCodes.Connect, e),
                _ => e,
            };
        }
        try
        {
            _log.Debug($"Authenticating to POP server as {target.User}");
            await client.AuthenticateAsync(new NetworkCredential(target.User, target.Password), ct).ConfigureAwait(false);
            _log.Debug($"Logged in as {target.User}");
            return client;
        }
        catch (Exception e) when (e is AuthenticationException or Pop3CommandException or Pop3ProtocolException or NotSupportedException)
        {
            client.Dispose();
            throw new ImapToolsException($"Error logging into the POP server as {target.User}: {OneLine(e.Message)}", ExitCodes.Authentication, e);
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
