using System.Net.Security;
using System.Net.Sockets;
using MailKit.Security;

namespace ImapTools.Common.Connection;

/// <summary>
/// Chooses how to secure a connection from its port: 993/995 implicit TLS; 143/110 plain upgraded with STARTTLS
/// when the server offers it; any other port is probed with a TLS handshake (TLS if it succeeds, else as 143).
/// </summary>
public static class TransportRule
{
    /// <summary>Ports that always speak TLS from the first byte.</summary>
    public static bool IsImplicitTlsPort(int port) => port is 993 or 995;

    /// <summary>Ports that always start in plain text.</summary>
    public static bool IsPlainPort(int port) => port is 143 or 110;

    /// <summary>Returns the MailKit socket option for <paramref name="port"/>, probing unknown ports.</summary>
    public static async Task<SecureSocketOptions> ChooseAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        if (IsImplicitTlsPort(port)) return SecureSocketOptions.SslOnConnect;
        if (IsPlainPort(port)) return SecureSocketOptions.StartTlsWhenAvailable;
        return await ProbeTlsAsync(host, port, timeout, ct).ConfigureAwait(false)
            ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTlsWhenAvailable;
    }

    /// <summary>
    /// The refusal of a connection whose server offered STARTTLS (STLS) but failed it: logging in would send the
    /// password in plain text (<see cref="ExitCodes.Connect"/>).
    /// </summary>
    public static ImapToolsException StartTlsFailed(string host, int port) => new(
        $"Error connecting to {host}:{port}: the server offered STARTTLS but it failed; refusing to log in without TLS", ExitCodes.Connect);

    /// <summary>Opens a throw-away connection and tries a TLS handshake (certificate not checked: this only detects TLS).</summary>
    public static async Task<bool> ProbeTlsAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout < TimeSpan.FromSeconds(10) ? timeout : TimeSpan.FromSeconds(10));
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ImapToolsException($"Error connecting to {host}:{port}: timed out", ExitCodes.Connect);
        }
        catch (SocketException e)
        {
            throw new ImapToolsException($"Error connecting to {host}:{port}: {e.Message}", ExitCodes.Connect);
        }
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
