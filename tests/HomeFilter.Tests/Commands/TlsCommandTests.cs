using System.Security.Cryptography.X509Certificates;
using HomeFilter.Commands;

namespace HomeFilter.Tests.Commands;

public sealed class TlsCommandTests
{
    [Fact]
    public async Task Self_signed_writes_a_certificate_for_the_host_and_its_subdomains_with_a_private_key()
    {
        var directory = Directory.CreateTempSubdirectory("homefilter-tls-cmd-").FullName;
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = await TlsCommand.RunAsync(["self-signed", "--host", "DNS.Home.Arpa", "--out-dir", directory], stdout, stderr);

            Assert.Equal(0, exit);
            var certificateFile = Path.Combine(directory, TlsCommand.CertificateFileName);
            var keyFile = Path.Combine(directory, TlsCommand.KeyFileName);
            using var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            Assert.True(certificate.HasPrivateKey);
            Assert.Equal("CN=dns.home.arpa", certificate.Subject);
            var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToList();
            Assert.Equal(["dns.home.arpa", "*.dns.home.arpa"], names);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }

            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("SHA-256 fingerprint: " + Resolver.Transport.Encrypted.CertificateDescription.Sha256FingerprintOf(certificate), lines);
            Assert.Contains("SPKI pin (SHA-256, base64): " + Resolver.Transport.Encrypted.CertificateDescription.SpkiPinOf(certificate), lines);
            Assert.Empty(stderr.ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("self-signed")]
    [InlineData("self-signed --host bad_name.lan")]
    [InlineData("self-signed --host")]
    [InlineData("other")]
    public async Task Bad_arguments_print_the_usage(string commandLine)
    {
        var args = commandLine.Split(' ');
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(2, await TlsCommand.RunAsync(args, stdout, stderr));
        Assert.Contains("usage: HomeFilter tls self-signed", stderr.ToString(), StringComparison.Ordinal);
    }
}
