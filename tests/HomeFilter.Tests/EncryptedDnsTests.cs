using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HomeFilter.Resolver.Transport.Encrypted;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests;

/// <summary>
/// DNS over HTTPS and over TLS served by the whole program, with kdig (an independent client) checking the
/// certificate against a test CA file: answers, blocking, client IDs, HTTP/2, refusal of a wrong CA, bad DoH
/// requests, certificate reload and the admin API's view of it all.
/// </summary>
public sealed class EncryptedDnsTests : IAsyncLifetime
{
    private const string AdminToken = "encrypted-dns-test-token-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-encdns-").FullName;
    private LoopbackDnsServer _upstream = null!;
    private HomeFilterInstance _filter = null!;
    private X509Certificate2 _certificate = null!;
    private string _certificateFile = "";
    private string _keyFile = "";
    private IPEndPoint _https = null!;
    private IPEndPoint _tls = null!;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "adult.txt"), "adult.test\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "social.txt"), "social.test\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "policy.json"), """
            {
              "categories": { "adult": { "sources": ["adult.txt"] }, "social": { "sources": ["social.txt"] } },
              "default": { "block": ["adult"] },
              "groups": [ { "name": "kids", "clients": ["id:emma-phone"], "block": ["social"] } ],
              "devices": [ { "name": "Emma's phone", "clientId": "emma-phone" } ]
            }
            """);
        _certificateFile = Path.Combine(_folder, "cert.pem");
        _keyFile = Path.Combine(_folder, "key.pem");
        _certificate = TestCertificate.Create("dns.test", IPAddress.Loopback, ["*.dns.test"]);
        TestCertificate.WritePem(_certificate, _certificateFile, _keyFile);
        _upstream = LoopbackDnsServer.Start();
        _upstream.Zone.AddA("fine.test", "192.0.2.1", ttl: 300);
        _upstream.Zone.AddA("social.test", "192.0.2.2", ttl: 300);
        _filter = await HomeFilterInstance.StartAsync([_upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Policy:File"] = Path.Combine(_folder, "policy.json"),
            ["HomeFilter:Policy:BundledLists"] = Path.Combine(_folder, "no-bundled-lists"),
            ["HomeFilter:Dns:Https:Listen:0"] = "127.0.0.1:0",
            ["HomeFilter:Dns:Tls:Listen:0"] = "127.0.0.1:0",
            ["HomeFilter:Dns:Tls:CertificateFile"] = _certificateFile,
            ["HomeFilter:Dns:Tls:KeyFile"] = _keyFile,
            ["HomeFilter:Admin:Enabled"] = "true",
            ["HomeFilter:Admin:Listen"] = "http://127.0.0.1:0",
            ["HomeFilter:Admin:Token"] = AdminToken,
        });
        var encrypted = _filter.Services.GetRequiredService<EncryptedDnsServer>();
        _https = encrypted.HttpsEndpoints[0];
        _tls = encrypted.TlsEndpoints[0];
    }

    public async ValueTask DisposeAsync()
    {
        await _filter.DisposeAsync();
        await _upstream.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<(int Exit, string Output)> KdigAsync(params string[] arguments)
    {
        var kdig = ExternalTool.Require("kdig", "knot-dnsutils");
        return await ExternalTool.RunAsync(kdig, ["@127.0.0.1", "+tls-ca=" + _certificateFile, "+tls-hostname=dns.test", "+retry=0", "+timeout=5", .. arguments], TimeSpan.FromSeconds(30));
    }

    private string HttpsPort => _https.Port.ToString(CultureInfo.InvariantCulture);

    private string TlsPort => _tls.Port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Kdig_over_https_gets_the_answer_over_http2_by_post_and_get()
    {
        foreach (var method in new[] { "+https", "+https-get" })
        {
            var (exit, output) = await KdigAsync("-p", HttpsPort, "+https", method, "fine.test", "A");
            Assert.Equal(0, exit);
            Assert.Contains("(HTTP/2-" + (method == "+https" ? "POST" : "GET") + ")", output, StringComparison.Ordinal);
            Assert.Contains("status: NOERROR", output, StringComparison.Ordinal);
            Assert.Matches(@"fine\.test\.\s+\d+\s+IN\s+A\s+192\.0\.2\.1", output);
        }
    }

    [Fact]
    public async Task Kdig_over_https_and_tls_gets_the_block_of_the_policy()
    {
        var (httpsExit, https) = await KdigAsync("-p", HttpsPort, "+https", "www.adult.test", "A");
        var (tlsExit, tls) = await KdigAsync("-p", TlsPort, "+tls", "www.adult.test", "A");
        Assert.Equal(0, httpsExit);
        Assert.Equal(0, tlsExit);
        foreach (var output in new[] { https, tls })
        {
            Assert.Matches(@"EDE: 15 \(Blocked\)", output);
            Assert.Matches(@"www\.adult\.test\.\s+\d+\s+IN\s+A\s+0\.0\.0\.0", output);
        }

        Assert.Equal(0, _upstream.QueryCount("www.adult.test"));
    }

    [Fact]
    public async Task The_client_id_in_the_doh_path_or_the_sni_gets_that_devices_policy_from_any_address_and_is_logged()
    {
        // Emma's phone is known only by its client ID: same loopback address, different policy.
        var (plainExit, plain) = await KdigAsync("-p", HttpsPort, "+https", "social.test", "A");
        var (idExit, byPath) = await KdigAsync("-p", HttpsPort, "+https=/dns-query/emma-phone", "social.test", "A");
        var (sniExit, bySni) = await KdigAsync("-p", TlsPort, "+tls", "+tls-sni=emma-phone.dns.test", "social.test", "A");
        Assert.Equal((0, 0, 0), (plainExit, idExit, sniExit));
        Assert.Matches(@"social\.test\.\s+\d+\s+IN\s+A\s+192\.0\.2\.2", plain);
        foreach (var output in new[] { byPath, bySni })
        {
            Assert.Matches(@"EDE: 15 \(Blocked\)", output);
            Assert.Matches(@"social\.test\.\s+\d+\s+IN\s+A\s+0\.0\.0\.0", output);
        }

        var store = _filter.Services.GetRequiredService<IQueryLogStore>();
        IReadOnlyList<QueryLogRecord> rows = [];
        for (var i = 0; i < 100 && rows.Count < 2; i++)
        {
            await Task.Delay(50);
            rows = (await store.SearchAsync(new QueryLogFilter { Device = "Emma's phone", Limit = 10 }, CancellationToken.None)).Items;
        }

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(("emma-phone", "kids", QueryOutcome.Blocked), (r.ClientId, r.Group, r.Outcome)));
    }

    [Fact]
    public async Task A_client_id_in_the_doh_path_or_the_dot_server_name_is_accepted()
    {
        var (httpsExit, https) = await KdigAsync("-p", HttpsPort, "+https=/dns-query/emma-phone", "fine.test", "A");
        Assert.Equal(0, httpsExit);
        Assert.Contains("dns.test/dns-query/emma-phone)-(status: 200)", https, StringComparison.Ordinal);
        Assert.Contains("status: NOERROR", https, StringComparison.Ordinal);

        var (tlsExit, tls) = await KdigAsync("-p", TlsPort, "+tls", "+tls-sni=emma-phone.dns.test", "fine.test", "A");
        Assert.Equal(0, tlsExit);
        Assert.Contains("status: NOERROR", tls, StringComparison.Ordinal);

        var (badExit, bad) = await KdigAsync("-p", HttpsPort, "+https=/dns-query/emma_phone", "fine.test", "A");
        Assert.Contains("status: 400", bad, StringComparison.Ordinal);
        Assert.NotEqual(0, badExit);
    }

    [Fact]
    public async Task Kdig_refuses_the_server_when_its_ca_file_is_another_certificate()
    {
        var other = Path.Combine(_folder, "other-ca.pem");
        await File.WriteAllTextAsync(other, TestCertificate.Create("dns.test", IPAddress.Loopback).ExportCertificatePem() + "\n");
        var kdig = ExternalTool.Require("kdig", "knot-dnsutils");
        foreach (var transport in new[] { ("+tls", TlsPort), ("+https", HttpsPort) })
        {
            var (exit, output) = await ExternalTool.RunAsync(kdig, ["@127.0.0.1", "-p", transport.Item2, transport.Item1, "+tls-ca=" + other, "+tls-hostname=dns.test", "+retry=0", "+timeout=5", "fine.test", "A"], TimeSpan.FromSeconds(30));
            Assert.NotEqual(0, exit);
            Assert.Contains("handshake failed", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("GET", "/dns-query", null, 400)]
    [InlineData("GET", "/dns-query?dns=%%%", null, 400)]
    [InlineData("POST", "/dns-query", "text/plain", 415)]
    [InlineData("PUT", "/dns-query", "application/dns-message", 405)]
    public async Task A_bad_doh_request_gets_its_http_status(string method, string target, string? contentType, int status)
    {
        var thumbprint = _certificate.Thumbprint;
        using var client = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == thumbprint } });
        using var request = new HttpRequestMessage(new HttpMethod(method), $"https://127.0.0.1:{HttpsPort}{target}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (contentType is not null)
        {
            request.Content = new ByteArrayContent(new byte[20]);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task A_renewed_certificate_is_presented_on_the_next_handshake_and_shown_by_the_admin_api()
    {
        Assert.Equal(_certificate.Thumbprint, await PresentedThumbprintAsync());
        var before = await EncryptedStatusAsync();
        Assert.Equal(CertificateDescription.Sha256FingerprintOf(_certificate), before.GetProperty("certificate").GetProperty("sha256Fingerprint").GetString());

        var renewed = TestCertificate.Create("dns.test", IPAddress.Loopback, ["*.dns.test"]);
        TestCertificate.WritePem(renewed, _certificateFile, _keyFile);

        // The files are checked every second and taken once they held still for a check.
        var presented = "";
        for (var attempt = 0; attempt < 100 && presented != renewed.Thumbprint; attempt++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            presented = await PresentedThumbprintAsync();
        }

        Assert.Equal(renewed.Thumbprint, presented);
        var after = await EncryptedStatusAsync();
        Assert.Equal(CertificateDescription.Sha256FingerprintOf(renewed), after.GetProperty("certificate").GetProperty("sha256Fingerprint").GetString());
        Assert.Equal(_https.ToString(), after.GetProperty("httpsListen")[0].GetString());
        Assert.Equal(_tls.ToString(), after.GetProperty("tlsListen")[0].GetString());
        Assert.Equal(JsonValueKind.Array, after.GetProperty("quicListen").ValueKind);
        Assert.Equal(["dns.test", "*.dns.test"], after.GetProperty("certificate").GetProperty("dnsNames").EnumerateArray().Select(e => e.GetString()));
        if (!after.GetProperty("quicAvailable").GetBoolean())
        {
            Assert.Equal(EncryptedDnsServer.QuicMissingReason, after.GetProperty("quicUnavailableReason").GetString());
        }
    }

    private async Task<string?> PresentedThumbprintAsync()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_tls, TestContext.Current.CancellationToken);
        string? thumbprint = null;
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "dns.test",
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    thumbprint = certificate?.GetCertHashString();
                    return true;
                },
            },
            TestContext.Current.CancellationToken);
        return thumbprint;
    }

    private async Task<JsonElement> EncryptedStatusAsync()
    {
        var address = _filter.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/resolver/encrypted");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_admin_api_needs_a_login_for_the_encrypted_dns_view()
    {
        var address = _filter.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync("/api/resolver/encrypted", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
