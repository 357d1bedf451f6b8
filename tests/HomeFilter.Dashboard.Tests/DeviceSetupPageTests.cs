using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;

namespace HomeFilter.Dashboard.Tests;

/// <summary>
/// Setting a phone up for encrypted DNS from the dashboard: a named device without a client ID is offered one made
/// from its name; once saved, the view shows its DoH URL (host from the certificate), a QR code and the Android name.
/// </summary>
public sealed class DeviceSetupPageTests(BrowserFixture browser) : IDisposable
{
    private const string Token = "dashboard-test-token-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-setup-page-").FullName;

    [Fact]
    public async Task A_device_gets_a_client_ID_and_its_setup_view_shows_the_DoH_URL_and_a_QR_code()
    {
        var (certificate, key) = WriteCertificate();
        var https = FreePort();
        await using var homefilter = await DashboardInstance.StartAsync(new Dictionary<string, string?>
        {
            ["HomeFilter:Dns:Https:Listen:0"] = $"127.0.0.1:{https}",
            ["HomeFilter:Dns:Tls:Listen:0"] = $"127.0.0.1:{FreePort()}",
            ["HomeFilter:Dns:Tls:CertificateFile"] = certificate,
            ["HomeFilter:Dns:Tls:KeyFile"] = key,
        });
        var page = await browser.NewPageAsync(homefilter.BaseUrl);
        await DashboardPage.SetUpAsync(page);
        using (var api = new HttpClient { BaseAddress = new Uri(homefilter.BaseUrl) })
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var named = await api.PutAsJsonAsync("/api/devices/127.0.0.2", new { name = "Emma's phone" });
            Assert.True(named.IsSuccessStatusCode, await named.Content.ReadAsStringAsync());
        }

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/?devices#/devices/setup/127.0.0.2");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Set up encrypted DNS: Emma's phone" }).WaitForAsync();
        var clientId = page.GetByLabel("Client ID");
        await Assertions.Expect(clientId).ToHaveValueAsync("emmas-phone");
        await clientId.FillAsync("emma-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save client ID" }).ClickAsync();

        var doh = $"https://dns.home.test:{https}/dns-query/emma-phone";
        await Assertions.Expect(page.Locator("#setup-doh-url")).ToHaveTextAsync(doh);
        await Assertions.Expect(page.Locator("#setup-android")).ToHaveTextAsync("emma-phone.dns.home.test");
        await Assertions.Expect(page.Locator(".qr-box svg")).ToBeVisibleAsync();
        Assert.Equal($"QR code of {doh}", await page.Locator(".qr-box svg").GetAttributeAsync("aria-label"));
        await Assertions.Expect(page.Locator("#setup-mobileconfig")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main .error")).ToHaveCountAsync(0);
        await DashboardPage.ScreenshotAsync(page, "device-setup-phone");

        // The Devices page links every named device to its set-up view.
        await DashboardPage.OpenAsync(page, "devices", "Devices");
        await Assertions.Expect(page.Locator("tr[data-address='127.0.0.2'] .setup-link")).ToHaveAttributeAsync("href", "#/devices/setup/127.0.0.2");
    }

    /// <summary>A self-signed certificate for dns.home.test and *.dns.home.test, PEM, with its key.</summary>
    private (string Certificate, string Key) WriteCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dns.home.test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("dns.home.test");
        san.AddDnsName("*.dns.home.test");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certificatePath = Path.Combine(_folder, "cert.pem");
        var keyPath = Path.Combine(_folder, "key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
