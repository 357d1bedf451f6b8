using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HomeFilter.Testing;

/// <summary>Self-signed server certificates for TLS test servers.</summary>
public static class TestCertificate
{
    /// <summary>An ECDSA P-256 server certificate for <paramref name="serverName"/> and <paramref name="address"/>, valid for a week.</summary>
    public static X509Certificate2 Create(string serverName, IPAddress address) => Create(serverName, address, []);

    /// <summary>The same with more DNS names (e.g. a wildcard <c>*.dns.test</c>).</summary>
    public static X509Certificate2 Create(string serverName, IPAddress address, IReadOnlyList<string> moreNames)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(moreNames);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + serverName, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(serverName);
        foreach (var name in moreNames)
        {
            names.AddDnsName(name);
        }

        names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        // A round trip through PKCS#12 gives a certificate whose key every platform's TLS stack can use.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes the certificate and its private key as PEM files, as a server configured with PEM files reads them.</summary>
    public static void WritePem(X509Certificate2 certificate, string certificateFile, string keyFile)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The certificate has no ECDSA private key.");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem() + "\n");
    }

    /// <summary>Base64 SHA-256 of the certificate's SubjectPublicKeyInfo: the pin format of RFC 7469 and stubby.</summary>
    public static string SpkiSha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }
}
