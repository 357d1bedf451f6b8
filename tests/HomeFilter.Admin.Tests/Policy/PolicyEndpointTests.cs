using System.Net;
using System.Text;
using System.Text.Json;
using HomeFilter.Resolver.Reload;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Tests.Policy;

public sealed class PolicyEndpointTests : IAsyncLifetime
{
    private AdminServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await AdminServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null)
    {
        var request = _server.Authorized(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await _server.Client.SendAsync(request);
    }

    private string Policy(string listPath) => $$"""
    {
      "categories": { "adult": { "sources": ["{{listPath}}"] } },
      "allow": ["homework.example"],
      "groups": [ { "name": "kids", "clients": ["192.168.1.20"], "block": ["adult"] } ]
    }
    """;

    private async Task<string> WriteListAsync()
    {
        var path = Path.Combine(_server.DataDirectory, "adult.txt");
        await File.WriteAllTextAsync(path, "adult.example\n");
        return path;
    }

    [Fact]
    public async Task A_valid_policy_is_applied_stored_and_exported()
    {
        var generation = _server.Services.GetRequiredService<RuleSnapshotHolder>().Current.Generation;
        using var put = await SendAsync(HttpMethod.Put, "/api/policy", Policy(await WriteListAsync()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True(_server.Services.GetRequiredService<RuleSnapshotHolder>().Current.Generation > generation);
        Assert.True(File.Exists(Path.Combine(_server.DataDirectory, "policy.json")));

        using var get = await SendAsync(HttpMethod.Get, "/api/policy");
        using var exported = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        Assert.Equal("kids", exported.RootElement.GetProperty("groups")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_invalid_policy_is_rejected_with_every_error_and_changes_nothing()
    {
        var before = _server.Services.GetRequiredService<RuleSnapshotHolder>().Current.Generation;
        using var put = await SendAsync(HttpMethod.Put, "/api/policy", """{ "groups": [ { "name": "", "clients": ["300.1.1.1"], "block": ["nope"] } ] }""");
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        using var body = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        var paths = body.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("$.groups[0].clients[0]", paths);
        Assert.Contains("$.groups[0].block[0]", paths);
        Assert.Equal(before, _server.Services.GetRequiredService<RuleSnapshotHolder>().Current.Generation);
        Assert.False(File.Exists(Path.Combine(_server.DataDirectory, "policy.json")));
    }

    [Fact]
    public async Task A_policy_whose_list_is_missing_is_rejected()
    {
        using var put = await SendAsync(HttpMethod.Put, "/api/policy", Policy(Path.Combine(_server.DataDirectory, "missing.txt")));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("missing.txt", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "timeZone": "Mars/Olympus" }""", false)]
    [InlineData("""{ "timeZone": "Europe/London" }""", true)]
    [InlineData("not json", false)]
    public async Task Validate_checks_without_applying(string document, bool valid)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/policy/validate", document);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(valid, body.RootElement.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Validate_rejects_a_missing_list_as_put_does()
    {
        var document = Policy(Path.Combine(_server.DataDirectory, "missing.txt"));
        using var validate = await SendAsync(HttpMethod.Post, "/api/policy/validate", document);
        Assert.Equal(HttpStatusCode.OK, validate.StatusCode);
        using var body = JsonDocument.Parse(await validate.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains("missing.txt", body.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        using var put = await SendAsync(HttpMethod.Put, "/api/policy", document);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
    }

    [Fact]
    public async Task Validate_loads_the_lists_but_applies_and_stores_nothing()
    {
        var before = _server.Services.GetRequiredService<RuleSnapshotHolder>().Current.Generation;
        using var validate = await SendAsync(HttpMethod.Post, "/api/policy/validate", Policy(await WriteListAsync()));
        using var body = JsonDocument.Parse(await validate.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(0, body.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal(before, _server.Services.GetRequiredService<RuleSnapshotHolder>().Current.Generation);
        Assert.False(File.Exists(Path.Combine(_server.DataDirectory, "policy.json")));
    }

    [Fact]
    public async Task Explain_names_group_category_and_list_line()
    {
        using var put = await SendAsync(HttpMethod.Put, "/api/policy", Policy(await WriteListAsync()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var response = await SendAsync(HttpMethod.Get, "/api/policy/explain?client=192.168.1.20&name=www.adult.example&time=2026-11-28T21:30:00Z");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("block", body.RootElement.GetProperty("action").GetString());
        Assert.Equal("kids", body.RootElement.GetProperty("group").GetString());
        Assert.Equal("adult", body.RootElement.GetProperty("category").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("listLines")[0].GetProperty("lineNumber").GetInt32());
    }

    [Theory]
    [InlineData("/api/policy/explain?name=x.example")]
    [InlineData("/api/policy/explain?client=nope&name=x.example")]
    [InlineData("/api/policy/explain?client=10.0.0.1")]
    [InlineData("/api/policy/explain?client=10.0.0.1&name=not%20a%20name")]
    [InlineData("/api/policy/explain?client=10.0.0.1&name=x.example&time=yesterday")]
    public async Task Bad_explain_requests_are_400(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_policy_needs_the_token()
    {
        using var response = await _server.Client.GetAsync("/api/policy");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
