using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests.Operations;

/// <summary>
/// <c>GET /metrics</c> of the whole program after real queries on loopback: a viewer API token may read it, nobody
/// else; Prometheus' own checker accepts it; the series a dashboard graphs are there with the values the queries made.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private const string MachineToken = "metrics-test-token-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-metrics-").FullName;
    private LoopbackDnsServer _upstream = null!;
    private HomeFilterInstance _filter = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "adult.txt"), "adult.test\nmore-adult.test\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "policy.json"), """
            { "categories": { "adult": { "sources": ["adult.txt"] } }, "default": { "block": ["adult"] } }
            """);
        _upstream = LoopbackDnsServer.Start();
        _upstream.Zone.AddA("fine.test", "192.0.2.1");
        _filter = await HomeFilterInstance.StartAsync([_upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Policy:File"] = Path.Combine(_folder, "policy.json"),
            ["HomeFilter:Policy:BundledLists"] = Path.Combine(_folder, "no-bundled-lists"),
            ["HomeFilter:Admin:Enabled"] = "true",
            ["HomeFilter:Admin:Listen"] = "http://127.0.0.1:0",
            ["HomeFilter:Admin:Token"] = MachineToken,
            ["HomeFilter:QueryLog:FlushMilliseconds"] = "50",
        });
        var address = _filter.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
    }

    private async Task<string> ViewerTokenAsync()
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { name = "prometheus", role = "viewer" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MachineToken);
        using var created = await _http.SendAsync(create, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("secret").GetString()!;
    }

    private async Task<HttpResponseMessage> ScrapeAsync(string? token, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, "/metrics");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Metrics_need_a_token_and_a_viewer_token_is_enough()
    {
        using (var anonymous = await ScrapeAsync(null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var wrong = await ScrapeAsync("not-a-token-of-this-server-0000"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var viewer = await ViewerTokenAsync();
        using (var scrape = await ScrapeAsync(viewer))
        {
            Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
            Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }

        using (var post = await ScrapeAsync(viewer, HttpMethod.Post))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }
    }

    [Fact]
    public async Task After_queries_the_scrape_is_valid_and_counts_them()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(DnsResponseCodeOk, (await DnsTestClient.QueryUdpAsync(_filter.Udp, DnsTestClient.CreateQuery("fine.test"))).Message.ReturnCode);
        }

        await DnsTestClient.QueryUdpAsync(_filter.Udp, DnsTestClient.CreateQuery("adult.test"));
        await DnsTestClient.QueryUdpAsync(_filter.Udp, DnsTestClient.CreateQuery("www.more-adult.test"));
        var writer = _filter.Services.GetRequiredService<HomeFilter.Monitoring.QueryLog.QueryLogWriter>();
        for (var i = 0; i < 100 && writer.Stored < 5; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        using var scrape = await ScrapeAsync(await ViewerTokenAsync());
        var text = await scrape.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        await PromtoolAcceptsAsync(text);

        // Instruments are process-wide, so other tests' servers in this process may add to a sum: at least, not equal.
        var samples = PrometheusText.Parse(text);
        Assert.True(PrometheusText.Sum(samples, "homefilter_dns_queries_total", ("outcome", "Forwarded")) >= 1);
        Assert.True(PrometheusText.Sum(samples, "homefilter_dns_queries_total", ("outcome", "Cached")) >= 2);
        Assert.True(PrometheusText.Sum(samples, "homefilter_dns_queries_total", ("outcome", "Blocked")) >= 2);
        Assert.True(PrometheusText.Sum(samples, "homefilter_dns_category_queries_total", ("outcome", "Blocked"), ("category", "adult")) >= 2);
        Assert.True(PrometheusText.Sum(samples, "homefilter_cache_hits_total") >= 2);
        Assert.True(PrometheusText.Sum(samples, "homefilter_cache_misses_total") >= 1);
        Assert.True(PrometheusText.Sum(samples, "homefilter_upstream_duration_seconds_count", ("upstream", _upstream.UdpUpstream)) >= 1);
        Assert.Contains(samples, s => s.Name == "homefilter_upstream_duration_seconds_bucket" && s.Labels["le"] == "0.005");
        Assert.True(PrometheusText.Sum(samples, "homefilter_querylog_stored_total") >= 5);
        Assert.Contains(samples, s => s.Name == "homefilter_querylog_pending");
        Assert.Contains(samples, s => s.Name == "homefilter_rules_generation" && s.Value >= 1);
        var adultList = Assert.Single(samples, s => s.Name == "homefilter_lists_entries" && s.Labels["list"] == Path.Combine(_folder, "adult.txt"));
        Assert.Equal(("adult", 2d), (adultList.Labels["category"], adultList.Value));
        Assert.Contains(samples, s => s.Name == "target_info" && s.Labels["service_name"] == "homefilter");
    }

    private static readonly ARSoft.Tools.Net.Dns.ReturnCode DnsResponseCodeOk = ARSoft.Tools.Net.Dns.ReturnCode.NoError;

    /// <summary><c>promtool check metrics</c> reads the exposition on standard input and exits 0 when it is valid and lint-clean.</summary>
    private static async Task PromtoolAcceptsAsync(string text)
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");
        var start = new ProcessStartInfo(promtool)
        {
            ArgumentList = { "check", "metrics" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"promtool check metrics exited {process.ExitCode}: {await output}{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await _filter.DisposeAsync();
        await _upstream.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
