using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HomeFilter.Admin.Devices;
using Microsoft.Extensions.Configuration;

namespace HomeFilter.Admin.Tests.Devices;

/// <summary>How the host name, ports and a device's addresses are worked out from the settings and the certificate.</summary>
public sealed class EncryptedDnsEndpointsTests
{
    private static EncryptedDnsEndpoints Read(params (string Key, string Value)[] settings) =>
        EncryptedDnsEndpoints.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    public static TheoryData<string, string?, string?, string?, string?, string?> Derivations => new()
    {
        // what, HTTPS listen, TLS listen, DoH URL, DoT host, Android Private DNS
        { "standard ports", "0.0.0.0:443", "0.0.0.0:853", "https://dns.home.example/dns-query/emma-phone", "emma-phone.dns.home.example", "emma-phone.dns.home.example" },
        { "other ports", "0.0.0.0:8443", "[::]:8853", "https://dns.home.example:8443/dns-query/emma-phone", "emma-phone.dns.home.example:8853", "emma-phone.dns.home.example" },
        { "a bare port", "8443", null, "https://dns.home.example:8443/dns-query/emma-phone", null, null },
        { "no port given", "[::]", "192.168.1.2", "https://dns.home.example/dns-query/emma-phone", "emma-phone.dns.home.example", "emma-phone.dns.home.example" },
        { "DoT only", null, "0.0.0.0:853", null, "emma-phone.dns.home.example", "emma-phone.dns.home.example" },
        { "neither", null, null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(Derivations))]
    public void Addresses_follow_the_host_and_the_listen_ports(string what, string? https, string? tls, string? doh, string? dot, string? android)
    {
        _ = what;
        var settings = new List<(string, string)> { (EncryptedDnsEndpoints.HostNameKey, "DNS.Home.Example.") };
        if (https is not null)
        {
            settings.Add((EncryptedDnsEndpoints.HttpsListenKey + ":0", https));
        }

        if (tls is not null)
        {
            settings.Add((EncryptedDnsEndpoints.TlsListenKey, tls));
        }

        var endpoints = Read([.. settings]);
        var setup = DeviceSetup.For(endpoints, "emma-phone");
        Assert.Equal((doh, dot, android), (setup.DohUrl, setup.DotHost, setup.AndroidPrivateDns));
        Assert.Equal(https is not null || tls is not null, endpoints.Configured);
    }

    [Theory]
    [InlineData("0.0.0.0:443", 443)]
    [InlineData("[2001:db8::1]:8443", 8443)]
    [InlineData("2001:db8::1", 443)]
    [InlineData(":8443", 8443)]
    [InlineData("https://0.0.0.0:9443/", 9443)]
    [InlineData("0.0.0.0:http", null)]
    [InlineData("0.0.0.0:70000", null)]
    public void Listen_entries_give_their_port(string text, int? port) =>
        Assert.Equal(port, EncryptedDnsEndpoints.ParsePort(text, 443));

    [Fact]
    public void Without_a_host_name_the_certificates_first_DNS_name_is_used_and_a_missing_wildcard_is_named()
    {
        var folder = Directory.CreateTempSubdirectory("homefilter-cert-").FullName;
        try
        {
            var withWildcard = Certificate(folder, "a.pem", "dns.home.example", "*.dns.home.example");
            var endpoints = Read((EncryptedDnsEndpoints.CertificateFileKey, withWildcard), (EncryptedDnsEndpoints.TlsListenKey, "0.0.0.0:853"));
            Assert.Equal(("dns.home.example", "certificate"), (endpoints.Host, endpoints.HostSource));
            Assert.Empty(endpoints.Problems);

            var onlyWildcard = Certificate(folder, "b.pem", "*.filter.example");
            Assert.Equal("filter.example", Read((EncryptedDnsEndpoints.CertificateFileKey, onlyWildcard), (EncryptedDnsEndpoints.TlsListenKey, "0.0.0.0:853")).Host);

            var noWildcard = Certificate(folder, "c.pem", "dns.home.example");
            Assert.Contains(Read((EncryptedDnsEndpoints.CertificateFileKey, noWildcard), (EncryptedDnsEndpoints.TlsListenKey, "0.0.0.0:853")).Problems,
                p => p.Contains("*.dns.home.example", StringComparison.Ordinal));

            // The setting wins over the certificate.
            Assert.Equal(("filter.lan", "setting"), Read((EncryptedDnsEndpoints.HostNameKey, "filter.lan"), (EncryptedDnsEndpoints.CertificateFileKey, withWildcard), (EncryptedDnsEndpoints.HttpsListenKey, "443")) is var both ? (both.Host, both.HostSource) : default);

            var missing = Read((EncryptedDnsEndpoints.CertificateFileKey, Path.Combine(folder, "none.pem")), (EncryptedDnsEndpoints.HttpsListenKey, "443"));
            Assert.Null(missing.Host);
            Assert.Contains(missing.Problems, p => p.Contains("cannot be read", StringComparison.Ordinal));
            Assert.Contains(missing.Problems, p => p.Contains("HomeFilter:Dns:HostName", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Emma's phone", "emmas-phone")]
    [InlineData("Émilie’s  iPad (blue)", "emilies-ipad-blue")]
    [InlineData("  Living room TV!  ", "living-room-tv")]
    [InlineData("日本", "device")]
    [InlineData("", "device")]
    public void Client_IDs_suggested_from_names_are_DNS_labels(string name, string expected)
    {
        var id = DeviceSetup.SuggestClientId(name);
        Assert.Equal(expected, id);
        Assert.True(DeviceSetup.IsClientId(id));
    }

    [Fact]
    public void A_long_name_gives_a_label_of_at_most_63_characters() =>
        Assert.True(DeviceSetup.SuggestClientId(new string('a', 40) + " " + new string('b', 40)).Length <= 63);

    [Theory]
    [InlineData("emma-phone", true)]
    [InlineData("a", true)]
    [InlineData("Emma", false)]
    [InlineData("-emma", false)]
    [InlineData("emma-", false)]
    [InlineData("emma.phone", false)]
    [InlineData("", false)]
    public void Client_IDs_are_one_lower_case_label(string text, bool valid) =>
        Assert.Equal(valid, DeviceSetup.IsClientId(text));

    private static string Certificate(string folder, string file, params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=HomeFilter test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(folder, file);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
