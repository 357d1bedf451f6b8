using System.Net;
using System.Text.Json;
using HomeFilter.Resolver.Cache;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Tests.Endpoints;

public class ResolverEndpointsTests
{
    [Fact]
    public async Task Upstreams_are_listed_with_their_health()
    {
        await using var server = await AdminServer.StartAsync();
        using var request = server.Authorized(HttpMethod.Get, "/api/upstreams");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var upstreams = body.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, upstreams.Count);
        Assert.Equal("127.0.0.1:9", upstreams[0].GetProperty("upstream").GetString());
        Assert.Equal("udp", upstreams[0].GetProperty("protocol").GetString());
        Assert.Equal("tls", upstreams[1].GetProperty("protocol").GetString());
        Assert.Equal(0, upstreams[0].GetProperty("failures").GetInt64());
        Assert.True(upstreams[0].TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task Encrypted_dns_that_is_off_shows_no_listeners_and_no_certificate()
    {
        await using var server = await AdminServer.StartAsync();
        using var request = server.Authorized(HttpMethod.Get, "/api/resolver/encrypted");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(0, root.GetProperty("httpsListen").GetArrayLength());
        Assert.Equal(0, root.GetProperty("tlsListen").GetArrayLength());
        Assert.Equal(0, root.GetProperty("quicListen").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("certificate").ValueKind);
        var available = root.GetProperty("quicAvailable").GetBoolean();
        Assert.Equal(available, root.GetProperty("quicUnavailableReason").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Encrypted_dns_needs_a_login()
    {
        await using var server = await AdminServer.StartAsync();
        using var response = await server.Client.GetAsync("/api/resolver/encrypted");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_cache_can_be_inspected_and_emptied()
    {
        await using var server = await AdminServer.StartAsync();
        var cache = server.Services.GetRequiredService<DnsResponseCache>();
        byte[] name = [7, .. "example"u8, 4, .. "test"u8, 0];
        byte[] answer = [0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, .. name, 0, 1, 0, 1, 0xC0, 12, 0, 1, 0, 1, 0, 0, 1, 0, 0, 4, 192, 0, 2, 1];
        Assert.True(cache.TryAdd(name, 1, 1, dnssecOk: false, checkingDisabled: false, answer));

        using (var request = server.Authorized(HttpMethod.Get, "/api/cache"))
        using (var response = await server.Client.SendAsync(request))
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(1, body.RootElement.GetProperty("entries").GetInt64());
        }

        using (var unauthorized = await server.Client.DeleteAsync(new Uri("/api/cache", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using (var request = server.Authorized(HttpMethod.Delete, "/api/cache"))
        using (var response = await server.Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.Equal(0, cache.GetStatistics().Entries);
    }
}
