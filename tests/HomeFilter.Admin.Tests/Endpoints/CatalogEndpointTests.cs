using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeFilter.Resolver.Reload;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Tests.Endpoints;

/// <summary>The lists page's catalog: where each list is used, choosing a category's catalog lists, applying a preset.</summary>
public sealed class CatalogEndpointTests : IAsyncDisposable
{
    private const string Catalog = """
        { "version": 1,
          "lists": [
            { "id": "test-a", "category": "adult", "name": "A", "url": "https://lists.example/a.txt", "format": "plain", "compression": "none", "licence": "MIT", "homepage": "https://lists.example", "description": "a", "approximateEntries": 10, "sizeMeasured": true },
            { "id": "test-b", "category": "adult", "name": "B", "url": "https://lists.example/b.txt", "format": "hosts", "compression": "none", "licence": "GPL-3.0", "homepage": "https://lists.example", "description": "b", "approximateEntries": 20, "sizeMeasured": true },
            { "id": "test-s", "category": "social", "name": "S", "url": "https://lists.example/s.txt", "format": "plain", "compression": "none", "licence": "MIT", "homepage": "https://lists.example", "description": "s", "approximateEntries": 5, "sizeMeasured": true } ],
          "presets": [ { "id": "family", "name": "Family", "description": "d", "categories": { "adult": ["test-a"], "social": ["test-s"] }, "block": ["adult"] } ] }
        """;

    private readonly string _lists = Directory.CreateTempSubdirectory("homefilter-catalog-lists-").FullName;
    private readonly List<string> _fetched = [];
    private AdminServer? _server;

    [Fact]
    public async Task The_catalog_says_where_each_list_is_used_after_a_category_is_chosen()
    {
        var server = await StartAsync();
        var catalog = await GetAsync(server, "/api/lists/catalog");
        Assert.Equal(3, catalog.GetProperty("lists").GetArrayLength());
        Assert.All(catalog.GetProperty("lists").EnumerateArray(), l => Assert.Equal(0, l.GetProperty("usedIn").GetArrayLength()));
        Assert.Equal("family", catalog.GetProperty("presets")[0].GetProperty("id").GetString());

        using (var response = await SendAsync(server, HttpMethod.Put, "/api/lists/catalog/adult", new { lists = new[] { "test-a", "test-b" } }))
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        // The category's own file stays; the catalog lists are added and fetched from their URLs.
        var policy = await GetAsync(server, "/api/policy");
        Assert.Equal(["own.txt", "test-a", "test-b"], policy.GetProperty("categories").GetProperty("adult").GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("https://lists.example/b.txt", _fetched);
        catalog = await GetAsync(server, "/api/lists/catalog");
        var b = catalog.GetProperty("lists").EnumerateArray().Single(l => l.GetProperty("id").GetString() == "test-b");
        Assert.Equal(["adult"], b.GetProperty("usedIn").EnumerateArray().Select(c => c.GetString()));

        using (var response = await SendAsync(server, HttpMethod.Put, "/api/lists/catalog/adult", new { lists = new[] { "test-b" } }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        policy = await GetAsync(server, "/api/policy");
        Assert.Equal(["own.txt", "test-b"], policy.GetProperty("categories").GetProperty("adult").GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        var audit = await GetAsync(server, "/api/audit?action=category.lists");
        Assert.Equal(2, audit.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/lists/catalog/adult", "{\"lists\":[\"no-such-list\"]}", HttpStatusCode.BadRequest)]
    [InlineData("/api/lists/catalog/Bad%20Name", "{\"lists\":[\"test-a\"]}", HttpStatusCode.BadRequest)]
    [InlineData("/api/lists/catalog/adult", "{\"lists\":[\"test-a\"", HttpStatusCode.BadRequest)]
    [InlineData("/api/lists/catalog/adult", "{\"lists\":\"test-a\"}", HttpStatusCode.BadRequest)]
    public async Task Bad_choices_are_refused_and_the_policy_stays(string path, string body, HttpStatusCode expected)
    {
        var server = await StartAsync();
        var before = await GetTextAsync(server, "/api/policy");
        using var request = server.Authorized(HttpMethod.Put, path);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(before, await GetTextAsync(server, "/api/policy"));
    }

    [Fact]
    public async Task Applying_a_preset_fills_its_categories_and_adds_its_blocks()
    {
        var server = await StartAsync();
        using (var response = await SendAsync(server, HttpMethod.Post, "/api/lists/presets/family/apply", null))
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var policy = await GetAsync(server, "/api/policy");
        var categories = policy.GetProperty("categories");
        Assert.Equal(["own.txt", "test-a"], categories.GetProperty("adult").GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["test-s"], categories.GetProperty("social").GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["adult"], policy.GetProperty("default").GetProperty("block").EnumerateArray().Select(s => s.GetString()));
        var explained = await GetAsync(server, "/api/policy/explain?client=192.168.1.50&name=www.a.example");
        Assert.Equal("block", explained.GetProperty("action").GetString(), ignoreCase: true);

        using var missing = await SendAsync(server, HttpMethod.Post, "/api/lists/presets/nothing/apply", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<AdminServer> StartAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_lists, "catalog.json"), Catalog);
        foreach (var name in new[] { "a", "b", "s" })
        {
            await File.WriteAllTextAsync(Path.Combine(_lists, name + ".txt"), $"{name}.example\n");
        }

        _server = await AdminServer.StartAsync(services: services =>
        {
            services.Configure<PolicyOptions>(options => options.BundledLists = _lists);
            services.AddSingleton<Func<string, CancellationToken, Task<ListFetchResult>>>((url, _) =>
            {
                lock (_fetched)
                {
                    _fetched.Add(url);
                }

                return Task.FromResult(new ListFetchResult(Path.Combine(_lists, Path.GetFileName(new Uri(url).AbsolutePath)), false, null, DateTime.UtcNow));
            });
        });
        await File.WriteAllTextAsync(Path.Combine(_server.DataDirectory, "own.txt"), "own.example\n");
        using var response = await SendAsync(_server, HttpMethod.Put, "/api/policy", new Dictionary<string, object>
        {
            ["timeZone"] = "UTC",
            ["categories"] = new { adult = new { sources = new[] { "own.txt" } } },
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return _server;
    }

    private static async Task<HttpResponseMessage> SendAsync(AdminServer server, HttpMethod method, string path, object? body)
    {
        using var request = server.Authorized(method, path);
        request.Content = body is null ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
        return await server.Client.SendAsync(request);
    }

    private static async Task<JsonElement> GetAsync(AdminServer server, string path) => JsonDocument.Parse(await GetTextAsync(server, path)).RootElement;

    private static async Task<string> GetTextAsync(AdminServer server, string path)
    {
        using var request = server.Authorized(HttpMethod.Get, path);
        using var response = await server.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_lists, recursive: true);
    }
}
