using System.Net;
using System.Text.Json;
using HomeFilter.Resolver.RateLimit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Tests.Endpoints;

public class RateLimitEndpointsTests
{
    [Fact]
    public async Task The_limited_clients_are_listed_for_a_signed_in_viewer_only()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HomeFilter:RateLimit:QueriesPerSecond"] = "100",
            ["HomeFilter:RateLimit:Action"] = "truncate",
        }).Build();
        await using var server = await AdminServer.StartAsync(services: s => s.AddHomeFilterRateLimit(settings));
        var limited = server.Services.GetRequiredService<LimitedClients>();
        var flooder = PrefixKey.Address(IPAddress.Parse("192.168.1.66").GetAddressBytes());
        limited.Record(flooder, LimitReason.Address);
        limited.Record(flooder, LimitReason.Address);
        limited.Record(flooder, LimitReason.InFlight);
        limited.Record(PrefixKey.Address(IPAddress.Parse("fd00:1:2:3::9").GetAddressBytes()), LimitReason.Network);

        using (var anonymous = await server.Client.GetAsync(new Uri("/api/ratelimit", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var request = server.Authorized(HttpMethod.Get, "/api/ratelimit");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.True(root.GetProperty("enabled").GetBoolean());
        Assert.Equal("truncate", root.GetProperty("action").GetString());
        Assert.Equal(100, root.GetProperty("queriesPerSecond").GetInt32());
        Assert.Equal(4, root.GetProperty("limitedTotal").GetInt64());
        var clients = root.GetProperty("clients").EnumerateArray().ToList();
        Assert.Equal(2, clients.Count);
        Assert.Equal("192.168.1.66", clients[0].GetProperty("client").GetString());
        Assert.Equal(3, clients[0].GetProperty("count").GetInt64());
        Assert.Equal(2, clients[0].GetProperty("byAddress").GetInt64());
        Assert.Equal(1, clients[0].GetProperty("byInFlight").GetInt64());
        Assert.Equal("fd00:1:2:3::/64", clients[1].GetProperty("client").GetString());
        Assert.Equal(1, clients[1].GetProperty("byNetwork").GetInt64());
    }

    [Fact]
    public async Task Without_the_resolver_the_rate_limit_reads_as_off()
    {
        await using var server = await AdminServer.StartAsync();
        using var request = server.Authorized(HttpMethod.Get, "/api/ratelimit");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, body.RootElement.GetProperty("clients").GetArrayLength());
    }
}
