using System.Net;
using System.Text.Json;

namespace HomeFilter.Admin.Tests.Health;

/// <summary>The probes are open and tell no personal data; readiness is 503 until the DNS side is up.</summary>
public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Liveness_needs_no_token()
    {
        await using var server = await AdminServer.StartAsync();
        using var live = await server.Client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("live", JsonDocument.Parse(await live.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_is_503_with_the_reason_while_no_listener_is_bound_and_no_rules_are_loaded()
    {
        // This admin host has a DNS server that was never started and an empty policy: generation 1 is loaded.
        await using var server = await AdminServer.StartAsync();
        using var ready = await server.Client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/json", ready.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("not bound", body.GetProperty("dns").GetString());
        Assert.NotEqual("ready", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_are_not_open()
    {
        await using var server = await AdminServer.StartAsync();
        using var anonymous = await server.Client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var request = server.Authorized(HttpMethod.Get, "/metrics");
        using var scrape = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("# TYPE ", await scrape.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
