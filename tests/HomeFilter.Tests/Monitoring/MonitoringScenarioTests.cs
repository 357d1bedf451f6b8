using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HomeFilter.Monitoring.Evidence;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests.Monitoring;

/// <summary>
/// The monitoring half end to end: a few thousand queries from several loopback clients (one inside its night
/// window, blocked categories, a DoH provider) are listed by client through the admin API, the statistics match,
/// the alerts exist and reached a local webhook, a digest renders and an evidence export verifies.
/// </summary>
public sealed class MonitoringScenarioTests : IAsyncDisposable
{
    private const string Token = "scenario-token-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-scenario-").FullName;

    [Fact]
    public async Task A_scripted_household_evening_is_logged_counted_alerted_summarised_and_exported()
    {
        // The receiver of alert pushes (a stand-in for ntfy / Gotify / Home Assistant).
        await using var hook = await LoopbackWebhook.StartAsync();

        // The night window of the "teen" group is set around the current time, so "now" is night for that device.
        var now = DateTime.UtcNow;
        var nightFrom = now.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture);
        var nightTo = now.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(_folder, "adult.txt"), "adult.test\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "policy.json"), $$"""
        {
          "timeZone": "Etc/UTC",
          "categories": { "adult": { "sources": ["adult.txt"] } },
          "groups": [
            { "name": "teen", "clients": ["127.0.0.2"], "block": ["adult"], "alerts": { "nightActivity": { "from": "{{nightFrom}}", "to": "{{nightTo}}" } } },
            { "name": "kids", "clients": ["127.0.0.3"], "block": ["adult"], "alerts": { "nightActivity": { "enabled": false } } },
            { "name": "staff", "clients": ["127.0.0.4"], "block": [], "alerts": { "nightActivity": { "enabled": false } } }
          ],
          "default": { "alerts": { "nightActivity": { "enabled": false } } }
        }
        """);
        var bundled = Directory.CreateDirectory(Path.Combine(_folder, "bundled", "bypass")).Parent!.FullName;
        await File.WriteAllTextAsync(Path.Combine(bundled, "bypass", "doh-resolvers.txt"), "dns.google\n");
        await File.WriteAllTextAsync(Path.Combine(bundled, "bypass", "signals.txt"), "use-application-dns.net\n");
        await File.WriteAllTextAsync(Path.Combine(bundled, "safesearch.txt"), "");

        await using var upstream = LoopbackDnsServer.Start();
        for (var i = 0; i < 50; i++)
        {
            upstream.Zone.AddA($"site{i}.test", $"192.0.2.{i + 1}");
        }

        upstream.Zone.AddA("adult.test", "192.0.2.200");
        await using var filter = await HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Policy:File"] = Path.Combine(_folder, "policy.json"),
            ["HomeFilter:Policy:BundledLists"] = bundled,
            ["HomeFilter:QueryLog:FlushMilliseconds"] = "100",
            ["HomeFilter:Admin:Enabled"] = "true",
            ["HomeFilter:Admin:Listen"] = "http://127.0.0.1:0",
            ["HomeFilter:Admin:Token"] = Token,
            ["HomeFilter:Alerts:Webhook:Url"] = $"{hook.BaseUrl}/alerts",
        });
        var address = filter.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var api = new HttpClient { BaseAddress = new Uri(address) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        // The script: four devices, 3,000 queries, some blocked, one DoH lookup.
        var clients = new[] { "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5" };
        var sent = new ConcurrentDictionary<string, int>();
        var blocked = new ConcurrentDictionary<string, int>();
        await Task.WhenAll(clients.Select(async client =>
        {
            for (var i = 0; i < 750; i++)
            {
                var name = i % 50 == 7 ? "adult.test" : client == "127.0.0.2" && i == 100 ? "dns.google" : $"site{i % 50}.test";
                var answer = await DnsTestClient.QueryUdpFromAsync(filter.Udp, IPAddress.Parse(client), DnsTestClient.CreateQuery(name));
                Assert.NotNull(answer);
                sent.AddOrUpdate(client, 1, (_, n) => n + 1);
                if ((name == "adult.test" && client != "127.0.0.4" && client != "127.0.0.5") || name == "dns.google")
                {
                    blocked.AddOrUpdate(client, 1, (_, n) => n + 1);
                }
            }
        }));

        // Listed by client, page by page.
        var status = await WaitForAsync(api, "/api/querylog/status", s => s.GetProperty("stored").GetInt64() >= 3000);
        Assert.Equal(0, status.GetProperty("dropped").GetInt64());
        var listed = 0;
        string? cursor = null;
        do
        {
            using var page = JsonDocument.Parse(await api.GetStringAsync($"/api/querylog?client=127.0.0.2&limit=1000{(cursor is null ? "" : "&cursor=" + cursor)}"));
            listed += page.RootElement.GetProperty("items").GetArrayLength();
            cursor = page.RootElement.GetProperty("next").GetString();
        }
        while (cursor is not null);

        Assert.Equal(750, listed);

        // The statistics match what was sent.
        foreach (var client in clients)
        {
            using var stats = JsonDocument.Parse(await api.GetStringAsync($"/api/statistics?client={client}"));
            Assert.Equal(sent[client], stats.RootElement.GetProperty("queries").GetInt64());
            Assert.Equal(blocked.GetValueOrDefault(client), stats.RootElement.GetProperty("blocked").GetInt64());
        }

        // The alerts exist and reached the webhook.
        using var alerts = JsonDocument.Parse(await api.GetStringAsync("/api/alerts?client=127.0.0.2"));
        var kinds = alerts.RootElement.EnumerateArray().Select(a => a.GetProperty("kind").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "nightActivity", "sensitiveCategory", "bypassAttempt" }, kinds);
        using var kidsAlerts = JsonDocument.Parse(await api.GetStringAsync("/api/alerts?client=127.0.0.3"));
        Assert.Equal(["sensitiveCategory"], kidsAlerts.RootElement.EnumerateArray().Select(a => a.GetProperty("kind").GetString()));
        for (var i = 0; i < 100 && hook.Bodies.Count < 4; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(4, hook.Bodies.Count);
        Assert.Contains(hook.Bodies, p => p.Contains("\"kind\":\"BypassAttempt\"", StringComparison.Ordinal));

        // A digest renders.
        var html = await api.GetStringAsync("/api/digests?client=127.0.0.2&format=html");
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("adult.test", html, StringComparison.Ordinal);

        // An evidence export verifies.
        var from = now.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        var to = DateTime.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture);
        var zip = Path.Combine(_folder, "evidence.zip");
        await File.WriteAllBytesAsync(zip, await api.GetByteArrayAsync($"/api/evidence?client=127.0.0.2&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}"));
        var verification = EvidenceVerifier.Verify(zip);
        Assert.True(verification.Valid, string.Join("; ", verification.Problems));
        Assert.Equal(750, verification.Rows);
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient api, string path, Func<JsonElement, bool> done)
    {
        JsonElement last = default;
        for (var i = 0; i < 100; i++)
        {
            using var document = JsonDocument.Parse(await api.GetStringAsync(path));
            last = document.RootElement.Clone();
            if (done(last))
            {
                break;
            }

            await Task.Delay(100);
        }

        return last;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
