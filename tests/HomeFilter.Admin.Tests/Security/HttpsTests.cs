using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HomeFilter.Admin.Tests.Security;

/// <summary>HTTPS with a certificate from Kestrel's own settings (PEM files), as the Admin README documents.</summary>
public sealed class HttpsTests
{
    [Fact]
    public async Task The_dashboard_is_served_over_https_with_the_configured_pem_certificate()
    {
        var directory = Directory.CreateTempSubdirectory("homefilter-https-").FullName;
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=homefilter.test", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            var certificatePath = Path.Combine(directory, "cert.pem");
            var keyPath = Path.Combine(directory, "key.pem");
            await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

            await using var server = await AdminServer.StartAsync(settings: new Dictionary<string, string?>
            {
                ["HomeFilter:Admin:Listen"] = "https://127.0.0.1:0",
                ["Kestrel:Certificates:Default:Path"] = certificatePath,
                ["Kestrel:Certificates:Default:KeyPath"] = keyPath,
            });
            Assert.Equal("https", server.Address.Scheme);

            X509Certificate2? presented = null;
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, cert, _, errors) =>
                {
                    presented = cert is null ? null : X509CertificateLoader.LoadCertificate(cert.RawData);
                    return errors == SslPolicyErrors.RemoteCertificateChainErrors;
                },
            };
            using var client = new HttpClient(handler) { BaseAddress = server.Address };
            using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            using var session = await client.GetAsync(new Uri("/api/session", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, session.StatusCode);
            Assert.Equal(certificate.Thumbprint, presented!.Thumbprint);
            presented.Dispose();
            var cookie = session.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("homefilter.csrf=", StringComparison.Ordinal));
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
