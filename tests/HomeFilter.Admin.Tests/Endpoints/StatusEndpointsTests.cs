using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Admin.Tests.Endpoints;

public class StatusEndpointsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-0123456789")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    [InlineData("Bearer")]
    public async Task The_api_refuses_requests_without_the_token(string? authorization)
    {
        await using var server = await AdminServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var error = await response.Content.ReadFromJsonAsync<ProblemDocument>();
        Assert.Contains("token", error!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reports_query_totals_by_outcome()
    {
        await using var server = await AdminServer.StartAsync();
        server.Statistics.Count(QueryOutcome.Cached);
        server.Statistics.Count(QueryOutcome.Cached);
        server.Statistics.Count(QueryOutcome.Refused);

        using var request = server.Authorized(HttpMethod.Get, "/api/status");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var queries = body.RootElement.GetProperty("queries");
        Assert.Equal(2, queries.GetProperty("cached").GetInt64());
        Assert.Equal(1, queries.GetProperty("refused").GetInt64());
        Assert.Equal(0, queries.GetProperty("forwarded").GetInt64());
        Assert.True(body.RootElement.GetProperty("uptimeSeconds").GetInt64() >= 0);
    }

    [Fact]
    public async Task The_liveness_probe_needs_no_token_and_says_nothing_else()
    {
        await using var server = await AdminServer.StartAsync();
        Assert.Equal("ok", await server.Client.GetStringAsync("/healthz"));
    }
}
