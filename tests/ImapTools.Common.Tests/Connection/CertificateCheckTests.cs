using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ImapTools.Common.Connection;

namespace ImapTools.Common.Tests.Connection;

public class CertificateCheckTests
{
    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void A_self_signed_certificate_is_named_as_such()
    {
        using var cert = SelfSigned("CN=mail.test");
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.False(chain.Build(cert));
        var check = new CertificateCheck(insecure: false);
        Assert.False(check.Validate(this, cert, chain, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Equal("the certificate is self-signed", check.Problem);
        Assert.Equal("Error connecting to h:993: the source server's TLS certificate could not be verified (the certificate is self-signed); use --insecure or IMAPTOOLS_INSECURE=1 to accept it",
            check.RefusalText("h", 993, "source"));
    }

    [Fact]
    public void Name_mismatch_and_missing_certificate_are_named()
    {
        Assert.Equal("the certificate is for another host name", CertificateCheck.Describe(null, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.Equal("the server sent no certificate", CertificateCheck.Describe(null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
        Assert.Equal("certificate chain error", CertificateCheck.Describe(null, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Insecure_accepts_anything_and_a_clean_certificate_is_accepted()
    {
        using var cert = SelfSigned("CN=x");
        Assert.True(new CertificateCheck(insecure: true).Validate(this, cert, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        var strict = new CertificateCheck(insecure: false);
        Assert.True(strict.Validate(this, cert, null, SslPolicyErrors.None));
        Assert.Null(strict.Problem);
    }
}
