using System.Net;
using System.Security.Cryptography.X509Certificates;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Transport.Encrypted;

/// <summary>A temporary directory with a certificate for dns.test and *.dns.test as PEM files.</summary>
internal sealed class TestPemFiles : IDisposable
{
    public TestPemFiles()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("homefilter-tls-").FullName;
        CertificateFile = Path.Combine(Directory, "cert.pem");
        KeyFile = Path.Combine(Directory, "key.pem");
        Certificate = Write();
    }

    public string Directory { get; }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    public X509Certificate2 Certificate { get; private set; }

    /// <summary>Writes a new certificate over the files (a renewal) and returns it.</summary>
    public X509Certificate2 Write()
    {
        var certificate = TestCertificate.Create("dns.test", IPAddress.Loopback, ["*.dns.test"]);
        TestCertificate.WritePem(certificate, CertificateFile, KeyFile);
        Certificate = certificate;
        return certificate;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
