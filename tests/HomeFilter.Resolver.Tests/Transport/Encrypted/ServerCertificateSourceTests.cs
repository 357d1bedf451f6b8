using HomeFilter.Resolver.Transport.Encrypted;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeFilter.Resolver.Tests.Transport.Encrypted;

public sealed class ServerCertificateSourceTests
{
    [Fact]
    public void A_renewed_file_is_taken_once_it_holds_still()
    {
        using var files = new TestPemFiles();
        using var source = new ServerCertificateSource(files.CertificateFile, files.KeyFile, NullLogger.Instance, watch: false);
        Assert.Equal(files.Certificate.Thumbprint, source.Current.Leaf.Thumbprint);

        var renewed = files.Write();
        File.SetLastWriteTimeUtc(files.CertificateFile, DateTime.UtcNow.AddSeconds(5));
        Assert.False(source.CheckForChange()); // just changed: it may still be being written
        Assert.True(source.CheckForChange());
        Assert.Equal(renewed.Thumbprint, source.Current.Leaf.Thumbprint);
        Assert.Equal(["dns.test"], source.Current.HostNames);
    }

    [Fact]
    public void A_broken_new_file_keeps_the_old_certificate()
    {
        using var files = new TestPemFiles();
        using var source = new ServerCertificateSource(files.CertificateFile, files.KeyFile, NullLogger.Instance, watch: false);
        var before = source.Current;

        File.WriteAllText(files.CertificateFile, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        File.SetLastWriteTimeUtc(files.CertificateFile, DateTime.UtcNow.AddSeconds(5));
        Assert.False(source.CheckForChange());
        Assert.False(source.CheckForChange());
        Assert.False(source.CheckForChange());
        Assert.Same(before, source.Current);
    }

    [Fact]
    public void A_missing_file_at_start_is_one_line()
    {
        using var files = new TestPemFiles();
        var error = Assert.Throws<CertificateLoadException>(() => new ServerCertificateSource(Path.Combine(files.Directory, "none.pem"), files.KeyFile, NullLogger.Instance, watch: false));
        Assert.Contains("none.pem", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_description_names_the_fingerprint_and_pin()
    {
        using var files = new TestPemFiles();
        using var source = new ServerCertificateSource(files.CertificateFile, files.KeyFile, NullLogger.Instance, watch: false);
        var description = source.Current.Description;
        Assert.Equal("CN=dns.test", description.Subject);
        Assert.Equal(["dns.test", "*.dns.test"], description.DnsNames);
        Assert.Equal(["127.0.0.1"], description.IpAddresses);
        Assert.Equal(string.Join(':', Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(files.Certificate.RawData)).Chunk(2).Select(c => new string(c))), description.Sha256Fingerprint);
        Assert.Equal(HomeFilter.Testing.TestCertificate.SpkiSha256(files.Certificate), description.SpkiPin);
    }
}
