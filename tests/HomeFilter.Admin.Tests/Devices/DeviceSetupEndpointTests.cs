using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using HomeFilter.Admin.Devices;
using HomeFilter.Admin.Tests.QueryLog;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Tests.Devices;

/// <summary>Setting a device up for encrypted DNS, its Apple profile, and names suggested from the network, through the admin API.</summary>
public sealed class DeviceSetupEndpointTests
{
    private static readonly Dictionary<string, string?> Encrypted = new()
    {
        [EncryptedDnsEndpoints.HostNameKey] = "dns.home.example",
        [EncryptedDnsEndpoints.HttpsListenKey + ":0"] = "0.0.0.0:8443",
        [EncryptedDnsEndpoints.TlsListenKey + ":0"] = "[::]:853",
    };

    [Fact]
    public async Task A_device_with_a_client_ID_gets_its_DoH_URL_DoT_name_QR_code_and_profile_link()
    {
        await using var server = await AdminServer.StartAsync(settings: Encrypted);
        await NameAsync(server, "192.168.1.20", new { name = "Emma's phone", clientId = "emma-phone", macs = new[] { "02-00-5E-10-00-01" } });

        var setup = await GetJsonAsync(server, "/api/devices/192.168.1.20/setup");
        Assert.Equal("https://dns.home.example:8443/dns-query/emma-phone", setup.GetProperty("dohUrl").GetString());
        Assert.Equal("emma-phone.dns.home.example", setup.GetProperty("dotHost").GetString());
        Assert.Equal("emma-phone.dns.home.example", setup.GetProperty("androidPrivateDns").GetString());
        Assert.Equal("/api/devices/192.168.1.20/mobileconfig", setup.GetProperty("mobileconfigUrl").GetString());
        Assert.Contains("<svg", setup.GetProperty("qrSvg").GetString(), StringComparison.Ordinal);
        Assert.True(setup.GetProperty("configured").GetBoolean());
        Assert.Equal(0, setup.GetProperty("problems").GetArrayLength());
        Assert.Equal(["02:00:5e:10:00:01"], setup.GetProperty("macs").EnumerateArray().Select(m => m.GetString()));

        // The client ID names the device too.
        var byId = await GetJsonAsync(server, "/api/devices/emma-phone/setup");
        Assert.Equal("Emma's phone", byId.GetProperty("device").GetString());
    }

    [Fact]
    public async Task The_mobileconfig_is_a_property_list_plistutil_reads_with_the_DoH_URL_in_its_DNS_payload()
    {
        await using var server = await AdminServer.StartAsync(settings: Encrypted);
        await NameAsync(server, "192.168.1.20", new { name = "Emma's phone", clientId = "emma-phone" });
        using var request = server.Authorized(HttpMethod.Get, "/api/devices/192.168.1.20/mobileconfig");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AppleConfigurationProfile.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("homefilter-emma-phone.mobileconfig", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var profile = await response.Content.ReadAsByteArrayAsync();

        var plistutil = PlistUtil();
        var folder = Directory.CreateTempSubdirectory("homefilter-plist-").FullName;
        try
        {
            // XML → binary → XML: only a valid property list survives the round trip.
            await File.WriteAllBytesAsync(Path.Combine(folder, "profile.mobileconfig"), profile);
            await RunAsync(plistutil, "-i", Path.Combine(folder, "profile.mobileconfig"), "-o", Path.Combine(folder, "profile.bin"), "-f", "bin");
            await RunAsync(plistutil, "-i", Path.Combine(folder, "profile.bin"), "-o", Path.Combine(folder, "profile.xml"), "-f", "xml");
            var top = Dict(XDocument.Load(Path.Combine(folder, "profile.xml")).Root!.Element("dict")!);
            Assert.Equal("Configuration", top["PayloadType"].Value);
            Assert.Equal("HomeFilter \u2013 Emma's phone", top["PayloadDisplayName"].Value);
            var payload = Dict(top["PayloadContent"].Element("dict")!);
            Assert.Equal("com.apple.dnsSettings.managed", payload["PayloadType"].Value);
            var dns = Dict(payload["DNSSettings"]);
            Assert.Equal("HTTPS", dns["DNSProtocol"].Value);
            Assert.Equal("https://dns.home.example:8443/dns-query/emma-phone", dns["ServerURL"].Value);
            Assert.Equal(AppleConfigurationProfile.StableUuid(top["PayloadIdentifier"].Value), top["PayloadUUID"].Value);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        // The same device gets the same identifiers every time, so a new download replaces the installed profile.
        using var again = server.Authorized(HttpMethod.Get, "/api/devices/192.168.1.20/mobileconfig");
        using var second = await server.Client.SendAsync(again);
        Assert.Equal(profile, await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Without_a_client_ID_the_setup_suggests_one_and_the_device_edit_sets_it()
    {
        await using var server = await AdminServer.StartAsync(settings: Encrypted);
        await NameAsync(server, "192.168.1.20", new { name = "Émma's Phone" });
        var setup = await GetJsonAsync(server, "/api/devices/192.168.1.20/setup");
        Assert.Equal(JsonValueKind.Null, setup.GetProperty("dohUrl").ValueKind);
        Assert.Equal("emmas-phone", setup.GetProperty("suggestedClientId").GetString());
        Assert.Contains(setup.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("no client ID", StringComparison.Ordinal));
        using (var request = server.Authorized(HttpMethod.Get, "/api/devices/192.168.1.20/mobileconfig"))
        using (var response = await server.Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }

        await NameAsync(server, "192.168.1.20", new { name = "Émma's Phone", clientId = "emmas-phone" });
        setup = await GetJsonAsync(server, "/api/devices/192.168.1.20/setup");
        Assert.Equal("https://dns.home.example:8443/dns-query/emmas-phone", setup.GetProperty("dohUrl").GetString());

        // Leaving the client ID out keeps it; "" removes it.
        await NameAsync(server, "192.168.1.20", new { name = "Emma's phone" });
        Assert.Equal("emmas-phone", (await GetJsonAsync(server, "/api/devices/192.168.1.20/setup")).GetProperty("clientId").GetString());
        await NameAsync(server, "192.168.1.20", new { name = "Emma's phone", clientId = "" });
        Assert.Equal(JsonValueKind.Null, (await GetJsonAsync(server, "/api/devices/192.168.1.20/setup")).GetProperty("clientId").ValueKind);
    }

    [Theory]
    [InlineData("{\"name\":\"Emma's phone\",\"clientId\":\"Emma phone\"}", "client ID")]
    [InlineData("{\"name\":\"Emma's phone\",\"clientId\":\"-emma\"}", "client ID")]
    [InlineData("{\"name\":\"Emma's phone\",\"macs\":[\"02:00:5e:10:00\"]}", "not a MAC address")]
    [InlineData("{\"clientId\":\"emma\"}", "name the device")]
    public async Task Bad_MACs_and_client_IDs_are_refused_in_one_line(string body, string reason)
    {
        await using var server = await AdminServer.StartAsync(settings: Encrypted);
        using var request = server.Authorized(HttpMethod.Put, "/api/devices/192.168.1.20");
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<ProblemDocument>())!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_ID_belongs_to_one_device()
    {
        await using var server = await AdminServer.StartAsync(settings: Encrypted);
        await NameAsync(server, "192.168.1.20", new { name = "Emma's phone", clientId = "emma-phone" });
        using var request = server.Authorized(HttpMethod.Put, "/api/devices/192.168.1.21");
        request.Content = JsonContent.Create(new { name = "Tom's tablet", clientId = "emma-phone" });
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Emma's phone", (await response.Content.ReadFromJsonAsync<ProblemDocument>())!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_encrypted_DNS_the_setup_says_so_and_points_to_the_install_guide()
    {
        await using var server = await AdminServer.StartAsync();
        await NameAsync(server, "192.168.1.20", new { name = "Emma's phone", clientId = "emma-phone" });
        var setup = await GetJsonAsync(server, "/api/devices/192.168.1.20/setup");
        Assert.False(setup.GetProperty("configured").GetBoolean());
        Assert.Equal(JsonValueKind.Null, setup.GetProperty("dohUrl").ValueKind);
        Assert.Equal(JsonValueKind.Null, setup.GetProperty("dotHost").ValueKind);
        Assert.Equal("docs/install.md#encrypted-dns-for-phones-and-laptops", setup.GetProperty("docsUrl").GetString());
        Assert.Contains(setup.GetProperty("problems").EnumerateArray(), p => p.GetString()!.StartsWith("Neither DNS-over-HTTPS nor DNS-over-TLS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unnamed_device_has_no_setup()
    {
        await using var server = await AdminServer.StartAsync(settings: Encrypted);
        using var request = server.Authorized(HttpMethod.Get, "/api/devices/192.168.1.99/setup");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Suggestions_come_from_the_leases_file_and_reverse_DNS_for_unnamed_LAN_clients_only()
    {
        var folder = Directory.CreateTempSubdirectory("homefilter-leases-").FullName;
        var leases = Path.Combine(folder, "dnsmasq.leases");
        await File.WriteAllTextAsync(leases, """
            1733260000 02:00:5e:10:00:01 192.168.1.20 emma-phone 01:02:00:5e:10:00:01
            1733260000 02:00:5e:10:00:02 192.168.1.21 toms-tablet *
            1733260000 02:00:5e:10:00:03 192.168.1.22 * *
            1733260000 02:00:5e:10:00:04 192.168.1.24 kitchen-radio *
            """);
        var now = DateTime.UtcNow;
        var store = new RecordingQueryLogStore
        {
            Devices =
            [
                new DeviceActivity("192.168.1.22", null, now, now, 5, 0),
                new DeviceActivity("192.168.1.23", null, now, now, 5, 0),
                new DeviceActivity("203.0.113.9", null, now, now, 5, 0),
            ],
        };
        var reverse = new FakeReverseLookup(new() { ["192.168.1.23"] = "living-room-tv.lan.", ["203.0.113.9"] = "public.example." });
        try
        {
            await using var server = await AdminServer.StartAsync(
                services: s => { s.AddSingleton<IQueryLogStore>(store); s.AddSingleton<IReverseLookup>(reverse); },
                settings: new Dictionary<string, string?> { [DhcpLeases.SettingKey] = leases });
            await NameAsync(server, "192.168.1.20", new { name = "Emma's phone" });
            // Named by its MAC elsewhere: the lease's MAC is already a device.
            await NameAsync(server, "192.168.1.30", new { name = "Kitchen radio", macs = new[] { "02:00:5e:10:00:04" } });

            var suggestions = (await GetJsonAsync(server, "/api/devices/suggestions")).EnumerateArray()
                .Select(s => (s.GetProperty("address").GetString(), s.GetProperty("mac").GetString(), s.GetProperty("name").GetString(), s.GetProperty("source").GetString()))
                .ToArray();
            Assert.Equal(
                [("192.168.1.21", "02:00:5e:10:00:02", "toms-tablet", "dhcp"), ("192.168.1.23", null, "living-room-tv", "ptr")],
                suggestions);
            Assert.DoesNotContain(IPAddress.Parse("203.0.113.9"), reverse.Asked);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string PlistUtil()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "plistutil");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string reason = "'plistutil' is not installed (Debian package libplist-utils).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + " CI must install it (.ci/run).");
        }

        Assert.Skip(reason);
        return "";
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"plistutil failed: {await error}");
    }

    /// <summary>A plist &lt;dict&gt;: each key with the element after it.</summary>
    private static Dictionary<string, XElement> Dict(XElement dict)
    {
        var result = new Dictionary<string, XElement>(StringComparer.Ordinal);
        var elements = dict.Elements().ToList();
        for (var i = 0; i + 1 < elements.Count; i += 2)
        {
            Assert.Equal("key", elements[i].Name.LocalName);
            result[elements[i].Value] = elements[i + 1];
        }

        return result;
    }

    private static async Task NameAsync(AdminServer server, string address, object body)
    {
        using var request = server.Authorized(HttpMethod.Put, $"/api/devices/{address}");
        request.Content = JsonContent.Create(body);
        using var response = await server.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> GetJsonAsync(AdminServer server, string path)
    {
        using var request = server.Authorized(HttpMethod.Get, path);
        using var response = await server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed class FakeReverseLookup(Dictionary<string, string> names) : IReverseLookup
    {
        public List<IPAddress> Asked { get; } = [];

        public Task<string?> NameOfAsync(IPAddress address, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add(address);
            }

            return Task.FromResult(names.GetValueOrDefault(address.ToString()));
        }
    }
}
