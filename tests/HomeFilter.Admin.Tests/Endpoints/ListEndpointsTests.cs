using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Reload.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Tests.Endpoints;

public class ListEndpointsTests
{
    [Fact]
    public async Task Lists_show_their_id_and_state_and_refresh_by_id_or_all_with_an_audit_entry()
    {
        await using var server = await StartAsync();
        var list = Path.Combine(server.DataDirectory, "adult.txt");
        await File.WriteAllTextAsync(list, "porn.example\nmore.example\n", TestContext.Current.CancellationToken);
        using (var import = server.Authorized(HttpMethod.Put, "/api/policy"))
        {
            var policy = $$"""{ "categories": { "adult": { "sources": [{{JsonSerializer.Serialize(list)}}] } }, "default": { "block": ["adult"] } }""";
            import.Content = new StringContent(policy, Encoding.UTF8, "application/json");
            using var imported = await server.Client.SendAsync(import, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        var view = Assert.Single(await GetListsAsync(server));
        var id = view.GetProperty("id").GetString()!;
        Assert.Equal(ListSourceId.For(list), id);
        Assert.Equal("adult", view.GetProperty("category").GetString());
        Assert.Equal("file", view.GetProperty("kind").GetString());
        Assert.Equal(2, view.GetProperty("entries").GetInt32());
        Assert.Equal(0, view.GetProperty("essentialHeldBack").GetInt32());
        Assert.True(view.GetProperty("bytes").GetInt64() > 0);

        using (var one = server.Authorized(HttpMethod.Post, $"/api/lists/{id}/refresh"))
        using (var refreshed = await server.Client.SendAsync(one, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            Assert.Equal(id, (await refreshed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString());
        }

        using (var all = server.Authorized(HttpMethod.Post, "/api/lists/refresh"))
        using (var refreshed = await server.Client.SendAsync(all, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        }

        using var audit = server.Authorized(HttpMethod.Get, "/api/audit");
        using var answer = await server.Client.SendAsync(audit, TestContext.Current.CancellationToken);
        var entries = (await answer.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "lists.refresh" && e.GetProperty("target").GetString() == id);
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "lists.refresh" && e.GetProperty("target").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task An_unknown_id_is_a_404()
    {
        await using var server = await StartAsync();
        using var request = server.Authorized(HttpMethod.Post, "/api/lists/src-000000000000/refresh");

        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<AdminServer> StartAsync() => AdminServer.StartAsync(services: services =>
    {
        services.AddHomeFilterListDownloads(new ConfigurationBuilder().Build(), Path.Combine(Path.GetTempPath(), "homefilter-admin-lists-" + Guid.NewGuid().ToString("N")));
        services.AddSingleton<ListSourceStates>();
        services.AddSingleton<ListRefreshService>();
    });

    private static async Task<List<JsonElement>> GetListsAsync(AdminServer server)
    {
        using var request = server.Authorized(HttpMethod.Get, "/api/lists");
        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).EnumerateArray()];
    }
}
