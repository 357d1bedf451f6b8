using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Tests.Devices;

/// <summary>Devices, groups and overrides as the dashboard changes them: each is an edit of the policy document, applied and audited.</summary>
public sealed class DeviceAndGroupEndpointTests
{
    private static readonly DateTimeOffset Evening = new(2026, 12, 2, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Naming_a_device_and_moving_it_to_a_group_is_stored_in_the_policy_and_audited()
    {
        await using var server = await StartWithPolicyAsync();
        using (var response = await SendAsync(server, HttpMethod.Put, "/api/devices/192.168.1.20", new { name = "Emma's tablet", group = "kids" }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var policy = await GetAsync(server, "/api/policy");
        var device = Assert.Single(policy.GetProperty("devices").EnumerateArray());
        Assert.Equal("Emma's tablet", device.GetProperty("name").GetString());
        Assert.Equal(["192.168.1.20"], device.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()));
        var kids = policy.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "kids");
        Assert.Contains("192.168.1.20", kids.GetProperty("clients").EnumerateArray().Select(c => c.GetString()));

        var devices = await GetAsync(server, "/api/devices");
        var listed = devices.EnumerateArray().Single(d => d.GetProperty("address").GetString() == "192.168.1.20");
        Assert.Equal("Emma's tablet", listed.GetProperty("name").GetString());
        Assert.Equal("kids", listed.GetProperty("group").GetString());

        // Back to no group: the address leaves kids, the name stays.
        using (var response = await SendAsync(server, HttpMethod.Put, "/api/devices/192.168.1.20", new { name = "Emma's tablet", group = (string?)null }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        listed = (await GetAsync(server, "/api/devices")).EnumerateArray().Single(d => d.GetProperty("address").GetString() == "192.168.1.20");
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("group").ValueKind);

        var audit = await GetAsync(server, "/api/audit?action=device.change");
        Assert.Equal(2, audit.GetArrayLength());
        Assert.Contains("kids", audit[1].GetProperty("after").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/devices/not-an-address", "{\"name\":\"x\"}", HttpStatusCode.BadRequest)]
    [InlineData("/api/devices/192.168.1.0%2F24", "{\"name\":\"x\"}", HttpStatusCode.BadRequest)]
    [InlineData("/api/devices/192.168.1.20", "{\"group\":\"nobody\"}", HttpStatusCode.NotFound)]
    [InlineData("/api/groups/nobody", "{\"block\":[]}", HttpStatusCode.NotFound)]
    [InlineData("/api/groups/kids", "{\"block\":[\"no-such-category\"]}", HttpStatusCode.BadRequest)]
    [InlineData("/api/groups/kids", "{\"block\":[],\"schedules\":[{\"days\":[\"mon\"],\"from\":\"25:00\",\"to\":\"07:00\",\"block\":[\"*\"]}]}", HttpStatusCode.BadRequest)]
    public async Task Bad_changes_are_refused_and_the_policy_stays(string path, string body, HttpStatusCode expected)
    {
        await using var server = await StartWithPolicyAsync();
        var before = await GetTextAsync(server, "/api/policy");
        using var request = server.Authorized(HttpMethod.Put, path);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await GetTextAsync(server, "/api/policy"));
    }

    [Fact]
    public async Task A_group_edit_keeps_json_paths_in_its_errors()
    {
        await using var server = await StartWithPolicyAsync();
        using var response = await SendAsync(server, HttpMethod.Put, "/api/groups/kids", new { block = new[] { "nothing-like-it" } });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString()!.StartsWith("$.groups[0].block", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switching_a_category_on_for_a_group_and_adding_and_deleting_groups()
    {
        await using var server = await StartWithPolicyAsync();
        using (var response = await SendAsync(server, HttpMethod.Put, "/api/groups/kids", new { block = new[] { "social" }, safeSearch = true, schedules = new[] { new { days = new[] { "sun", "mon" }, from = "21:00", to = "07:00", block = new[] { "*" } } } }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var groups = await GetAsync(server, "/api/groups");
        Assert.Contains(groups.GetProperty("categories").EnumerateArray(), c => c.GetProperty("name").GetString() == "social");
        var kids = groups.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "kids");
        Assert.Equal(["social"], kids.GetProperty("block").EnumerateArray().Select(b => b.GetString()));
        Assert.True(kids.GetProperty("safeSearch").GetBoolean());
        Assert.Equal("21:00", kids.GetProperty("schedules")[0].GetProperty("from").GetString());

        using (var response = await SendAsync(server, HttpMethod.Post, "/api/groups", new { name = "teens" }))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        using (var response = await SendAsync(server, HttpMethod.Post, "/api/groups", new { name = "teens" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        }

        using (var response = await SendAsync(server, HttpMethod.Delete, "/api/groups/teens", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.DoesNotContain((await GetAsync(server, "/api/groups")).GetProperty("groups").EnumerateArray(), g => g.GetProperty("name").GetString() == "teens");
    }

    [Fact]
    public async Task An_override_is_listed_with_its_end_and_disappears_once_past()
    {
        var clock = new ManualClock(Evening);
        await using var server = await StartWithPolicyAsync(clock);
        using (var response = await SendAsync(server, HttpMethod.Post, "/api/overrides", new { kind = "allow", client = "192.168.1.20", names = new[] { "minecraft.net" }, minutes = 60, note = "reward" }))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var active = Assert.Single((await GetAsync(server, "/api/overrides")).EnumerateArray());
        Assert.Equal(Evening.AddHours(1).UtcDateTime, active.GetProperty("untilUtc").GetDateTime());
        Assert.Equal("minecraft.net", active.GetProperty("names")[0].GetString());
        var device = (await GetAsync(server, "/api/devices")).EnumerateArray().Single(d => d.GetProperty("address").GetString() == "192.168.1.20");
        Assert.Single(device.GetProperty("overrides").EnumerateArray());

        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(0, (await GetAsync(server, "/api/overrides")).GetArrayLength());
        Assert.Contains((await GetAsync(server, "/api/audit")).EnumerateArray(), e => e.GetProperty("action").GetString() == "override.add");
    }

    [Theory]
    [InlineData("{\"kind\":\"sleep\",\"client\":\"192.168.1.20\",\"minutes\":10}", "kind must be")]
    [InlineData("{\"kind\":\"pause\",\"minutes\":10}", "either client")]
    [InlineData("{\"kind\":\"pause\",\"client\":\"192.168.1.20\",\"group\":\"kids\",\"minutes\":10}", "either client")]
    [InlineData("{\"kind\":\"pause\",\"client\":\"emma\",\"minutes\":10}", "IP address")]
    [InlineData("{\"kind\":\"pause\",\"client\":\"192.168.1.20\",\"minutes\":0}", "minutes must be")]
    [InlineData("{\"kind\":\"pause\",\"client\":\"192.168.1.20\",\"minutes\":100000}", "minutes must be")]
    [InlineData("{\"kind\":\"allow\",\"client\":\"192.168.1.20\",\"minutes\":10}", "names are needed")]
    [InlineData("{\"kind\":\"pause\",\"client\":\"192.168.1.20\",\"names\":[\"a.example\"],\"minutes\":10}", "only for allow")]
    [InlineData("{\"kind\":\"blockAll\",\"group\":\"nobody\",\"minutes\":10}", "no group")]
    public async Task Bad_overrides_are_refused_with_a_reason(string body, string reason)
    {
        await using var server = await StartWithPolicyAsync();
        using var request = server.Authorized(HttpMethod.Post, "/api/overrides");
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Client.SendAsync(request);
        Assert.False(response.IsSuccessStatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDocument>();
        Assert.Contains(reason, problem!.Detail, StringComparison.Ordinal);
    }

    private static async Task<AdminServer> StartWithPolicyAsync(TimeProvider? clock = null)
    {
        var server = await AdminServer.StartAsync(services: services =>
        {
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        });
        await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, "social.txt"), "social.example\n");
        using var response = await SendAsync(server, HttpMethod.Put, "/api/policy", new Dictionary<string, object>
        {
            ["timeZone"] = "UTC",
            ["categories"] = new { social = new { sources = new[] { "social.txt" } } },
            ["groups"] = new[] { new { name = "kids", clients = Array.Empty<string>(), block = Array.Empty<string>() } },
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return server;
    }

    private static async Task<HttpResponseMessage> SendAsync(AdminServer server, HttpMethod method, string path, object? body)
    {
        using var request = server.Authorized(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await server.Client.SendAsync(request);
    }

    private static async Task<JsonElement> GetAsync(AdminServer server, string path) => JsonDocument.Parse(await GetTextAsync(server, path)).RootElement;

    private static async Task<string> GetTextAsync(AdminServer server, string path)
    {
        using var request = server.Authorized(HttpMethod.Get, path);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
