using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace HomeFilter.Commands;

/// <summary>
/// A self-signed server certificate for encrypted DNS on a LAN without a public name: ECDSA P-256, valid 825 days
/// (the longest Apple devices accept), with the host and <c>*.host</c> as names so a DoT/DoQ client can put its
/// client ID in front (<c>emma-phone.host</c>).
/// </summary>
internal static class SelfSignedCertificate
{
    public const int ValidDays = 825;

    public static (string CertificatePem, string KeyPem, X509Certificate2 Certificate) Create(string host, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + host, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        names.AddDnsName("*." + host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(ValidDays));
        return (certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n", certificate);
    }

    /// <summary>A host name: labels of letters, digits and hyphens, 1 to 63 characters each, 253 at most.</summary>
    public static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in host.Split('.'))
        {
            if (Resolver.Transport.Encrypted.ClientIdLabel.TryRead(label) is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes through a temporary file and a rename, so a watching server never reads half a file.</summary>
    public static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(text));
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies to a new file; an old temporary file keeps its mode otherwise.
            File.SetUnixFileMode(temporary, mode);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
