using HomeFilter.Resolver.Configuration;
using HomeFilter.Resolver.Transport;
using HomeFilter.Resolver.Transport.Encrypted;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Tests.Transport.Encrypted;

public sealed class EncryptedDnsServerTests
{
    [Fact]
    public async Task Nothing_configured_starts_nothing_and_needs_no_certificate()
    {
        await using var server = new EncryptedDnsServer(new RecordingProcessor(), Options.Create(new DnsOptions()), NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);
        var status = server.GetStatus();
        Assert.Empty(status.HttpsListen);
        Assert.Empty(status.TlsListen);
        Assert.Null(status.Certificate);
    }

    [Fact]
    public async Task A_listen_address_without_a_certificate_stops_the_start_with_one_line_naming_the_settings()
    {
        var options = new DnsOptions { Tls = { Listen = ["127.0.0.1:0"] } };
        await using var server = new EncryptedDnsServer(new RecordingProcessor(), Options.Create(options), NullLoggerFactory.Instance);
        var error = await Assert.ThrowsAsync<ListenException>(() => server.StartAsync(CancellationToken.None));
        Assert.Contains("HomeFilter:Dns:Tls:CertificateFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("HomeFilter tls self-signed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_bad_listen_address_names_its_setting()
    {
        var options = new DnsOptions { Https = { Listen = ["localhost:443"] } };
        await using var server = new EncryptedDnsServer(new RecordingProcessor(), Options.Create(options), NullLoggerFactory.Instance);
        var error = await Assert.ThrowsAsync<ListenException>(() => server.StartAsync(CancellationToken.None));
        Assert.Contains("HomeFilter:Dns:Https:Listen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_libmsquic_dns_over_quic_is_reported_unavailable_and_not_served()
    {
        using var files = new TestPemFiles();
        var options = new DnsOptions
        {
            Quic = { Listen = ["127.0.0.1:0"] },
            Tls = { CertificateFile = files.CertificateFile, KeyFile = files.KeyFile },
        };
        await using var server = new EncryptedDnsServer(new RecordingProcessor(), Options.Create(options), NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);
        var status = server.GetStatus();
        Assert.Equal(CertificateDescription.Sha256FingerprintOf(files.Certificate), status.Certificate!.Sha256Fingerprint);
        if (status.QuicAvailable)
        {
            Assert.Single(status.QuicListen);
            Assert.Null(status.QuicUnavailableReason);
        }
        else
        {
            Assert.Empty(status.QuicListen);
            Assert.Equal("DNS over QUIC is not available on this machine: libmsquic is not installed", status.QuicUnavailableReason);
        }
    }
}
