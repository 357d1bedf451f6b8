using System.Net;
using System.Text.Json;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Tests.Operations;

/// <summary>The whole program, started: <c>/health/ready</c> says ready without a session, and says nothing about people.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task A_started_server_is_live_and_ready_without_authentication()
    {
        await using var upstream = LoopbackDnsServer.Start();
        await using var filter = await HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Admin:Enabled"] = "true",
            ["HomeFilter:Admin:Listen"] = "http://127.0.0.1:0",
            ["HomeFilter:Admin:Token"] = "health-test-token-0123456789",
        });
        var address = filter.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };

        using var live = await http.GetAsync("/health/live", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        using var ready = await http.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var body = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(
            ("ready", "bound", "loaded", "open"),
            (json.GetProperty("status").GetString(), json.GetProperty("dns").GetString(), json.GetProperty("rules").GetString(), json.GetProperty("queryLog").GetString()));
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.DoesNotContain(filter.DataDirectory, body, StringComparison.Ordinal);
    }
}
