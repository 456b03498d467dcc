using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ImapTools.Common.Connection;

/// <summary>
/// The server-certificate check of one connection: verified by default (chain and name, as the platform does),
/// anything accepted in insecure mode. It remembers why a certificate was refused so the error line can name the
/// problem (self-signed, expired, wrong name) instead of a generic handshake failure.
/// </summary>
public sealed class CertificateCheck
{
    private readonly bool _insecure;

    /// <summary>Creates the check; <paramref name="insecure"/> accepts every certificate.</summary>
    public CertificateCheck(bool insecure) => _insecure = insecure;

    /// <summary>Why the certificate was refused, e.g. <c>self-signed or untrusted issuer</c>; null when it was not.</summary>
    public string? Problem { get; private set; }

    /// <summary>The validation callback to hand to the MailKit client.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_insecure || errors == SslPolicyErrors.None) return true;
        Problem = Describe(certificate, chain, errors);
        return false;
    }

    /// <summary>A short text for the policy errors, naming the chain problems (self-signed, expired …).</summary>
    public static string Describe(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var parts = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            parts.Add("the server sent no certificate");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            parts.Add("the certificate is for another host name");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var status = chain?.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList() ?? [];
            bool selfSigned = certificate is not null && certificate.Subject == certificate.Issuer;
            if (status.Contains(X509ChainStatusFlags.UntrustedRoot) || status.Contains(X509ChainStatusFlags.PartialChain))
                parts.Add(selfSigned ? "the certificate is self-signed" : "the certificate's issuer is not trusted");
            if (status.Contains(X509ChainStatusFlags.NotTimeValid))
                parts.Add("the certificate has expired or is not yet valid");
            if (status.Contains(X509ChainStatusFlags.Revoked))
                parts.Add("the certificate is revoked");
            var other = status.Where(s => s is not (X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain
                or X509ChainStatusFlags.NotTimeValid or X509ChainStatusFlags.Revoked)).ToList();
            if (other.Count > 0 || parts.Count == 0)
                parts.Add("certificate chain error" + (other.Count > 0 ? " (" + string.Join(", ", other) + ")" : ""));
        }
        return parts.Count == 0 ? "certificate not accepted" : string.Join("; ", parts);
    }

    /// <summary>
    /// The one-line refusal: <c>Error connecting to host:port: the source server's TLS certificate could not be
    /// verified (the certificate is self-signed); use --insecure or IMAPTOOLS_INSECURE=1 to accept it</c>.
    /// </summary>
    public string RefusalText(string host, int port, string? side) =>
        $"Error connecting to {host}:{port}: the {(string.IsNullOrEmpty(side) ? "" : side + " ")}server's TLS certificate could not be verified ({Problem ?? "certificate not accepted"}); use --insecure or IMAPTOOLS_INSECURE=1 to accept it";
}
