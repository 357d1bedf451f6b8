using System.Net;
using System.Text.Json;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.QueryLog;
using Microsoft.Extensions.DependencyInjection;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Admin.Tests.QueryLog;

public class QueryLogEndpointsTests
{
    private static readonly DateTime Time = new(2026, 11, 28, 21, 30, 0, DateTimeKind.Utc);

    private static readonly QueryLogRecord Blocked = new()
    {
        Id = 7,
        TimeUtc = Time,
        Client = "10.0.0.2",
        Group = "kids",
        Name = "ads.test",
        Type = 1,
        Outcome = QueryOutcome.Blocked,
        Category = "ads",
        Rule = "category ads",
    };

    private static async Task<(AdminServer Server, RecordingQueryLogStore Store)> StartAsync(string? next = null)
    {
        var store = new RecordingQueryLogStore { Rows = [Blocked], Next = next };
        var server = await AdminServer.StartAsync(services: s => s.AddSingleton<IQueryLogStore>(store));
        return (server, store);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(AdminServer server, string path)
    {
        using var request = server.Authorized(HttpMethod.Get, path);
        using var response = await server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Theory]
    [InlineData("/api/querylog")]
    [InlineData("/api/querylog/status")]
    [InlineData("/api/statistics")]
    public async Task Every_query_log_endpoint_needs_the_token(string path)
    {
        var (server, _) = await StartAsync();
        await using var _server = server;
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var request = server.Authorized(HttpMethod.Get, path, "wrong-token-0123456789abcdef");
        using var wrong = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Search_reads_every_parameter_and_answers_items_and_next()
    {
        var (server, store) = await StartAsync(next: "1764365400000.7");
        await using var _server = server;
        var (status, body) = await GetAsync(server,
            "/api/querylog?from=2026-11-28T00:00:00Z&to=2026-11-29T01:00:00%2B01:00&client=10.0.0.2&group=kids&name=test&match=Suffix" +
            "&outcome=blocked&outcome=Rewritten&category=ads&limit=50&cursor=1764365400000.9");

        Assert.Equal(HttpStatusCode.OK, status);
        var filter = store.LastSearch!;
        Assert.Equal(new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc), filter.From);
        Assert.Equal(new DateTime(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc), filter.To);
        Assert.Equal(("10.0.0.2", "kids", "test", NameMatch.Suffix, "ads", 50, "1764365400000.9"),
            (filter.Client, filter.Group, filter.Name, filter.Match, filter.Category, filter.Limit, filter.Cursor));
        Assert.Equal([QueryOutcome.Blocked, QueryOutcome.Rewritten], filter.Outcomes);

        var item = Assert.Single(body.GetProperty("items").EnumerateArray().ToArray());
        Assert.Equal("ads.test", item.GetProperty("name").GetString());
        Assert.Equal("blocked", item.GetProperty("outcome").GetString());
        Assert.Equal(7, item.GetProperty("id").GetInt64());
        Assert.Equal("1764365400000.7", body.GetProperty("next").GetString());
    }

    [Fact]
    public async Task Search_by_device_and_rows_name_the_device_its_MAC_and_client_ID()
    {
        var store = new RecordingQueryLogStore { Rows = [Blocked with { Device = "Emma's phone", Mac = "02:00:5e:10:00:01", ClientId = "emma-phone" }] };
        await using var server = await AdminServer.StartAsync(services: s => s.AddSingleton<IQueryLogStore>(store));
        var (status, body) = await GetAsync(server, "/api/querylog?device=Emma%27s%20phone");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Emma's phone", store.LastSearch!.Device);
        var item = Assert.Single(body.GetProperty("items").EnumerateArray().ToArray());
        Assert.Equal(("Emma's phone", "02:00:5e:10:00:01", "emma-phone"),
            (item.GetProperty("device").GetString(), item.GetProperty("mac").GetString(), item.GetProperty("clientId").GetString()));
    }

    [Fact]
    public async Task Search_without_parameters_asks_for_the_newest_hundred()
    {
        var (server, store) = await StartAsync();
        await using var _server = server;
        var (status, body) = await GetAsync(server, "/api/querylog");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new QueryLogFilter(), store.LastSearch! with { Outcomes = [] });
        Assert.Empty(store.LastSearch!.Outcomes);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("next").ValueKind);
    }

    [Theory]
    [InlineData("/api/querylog?from=yesterday", "ISO-8601")]
    [InlineData("/api/querylog?to=2026-13-01", "ISO-8601")]
    [InlineData("/api/querylog?match=fuzzy", "exact, suffix or substring")]
    [InlineData("/api/querylog?outcome=exploded", "unknown outcome 'exploded'")]
    [InlineData("/api/querylog?outcome=none", "unknown outcome 'none'")]
    [InlineData("/api/querylog?outcome=99", "unknown outcome '99'")]
    [InlineData("/api/querylog?limit=0", "limit must be 1..1000")]
    [InlineData("/api/querylog?limit=1001", "limit must be 1..1000")]
    [InlineData("/api/querylog?limit=-5", "limit must be 1..1000")]
    [InlineData("/api/querylog?limit=ten", "limit must be 1..1000")]
    [InlineData("/api/querylog?cursor=abc", "cursor")]
    [InlineData("/api/querylog?cursor=12.x", "cursor")]
    [InlineData("/api/statistics?top=0", "top must be 1..100")]
    [InlineData("/api/statistics?top=many", "top must be 1..100")]
    [InlineData("/api/statistics?from=2026-11-28T10:00:00Z&to=2026-11-28T09:00:00Z", "from must be before to")]
    [InlineData("/api/statistics?from=noon", "ISO-8601")]
    public async Task Bad_parameters_are_400_with_a_message(string path, string message)
    {
        var (server, store) = await StartAsync();
        await using var _server = server;
        var (status, body) = await GetAsync(server, path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(store.LastSearch);
        Assert.Null(store.LastStatistics);
    }

    [Fact]
    public async Task Statistics_read_client_group_range_and_top()
    {
        var (server, store) = await StartAsync();
        await using var _server = server;
        var (status, body) = await GetAsync(server, "/api/statistics?client=10.0.0.2&group=kids&from=2026-11-27T00:00:00Z&to=2026-11-28T00:00:00Z&top=5");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new StatisticsFilter { Client = "10.0.0.2", Group = "kids", From = new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc), To = new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc), Top = 5 },
            store.LastStatistics);
        Assert.Equal(12, body.GetProperty("queries").GetInt64());
        Assert.Equal(3, body.GetProperty("blocked").GetInt64());
        Assert.Equal("ads.test", body.GetProperty("topBlockedNames")[0].GetProperty("key").GetString());
        Assert.Single(body.GetProperty("hours").EnumerateArray());
    }

    [Fact]
    public async Task Statistics_default_to_the_last_day()
    {
        var (server, store) = await StartAsync();
        await using var _server = server;
        var (status, _) = await GetAsync(server, "/api/statistics");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(TimeSpan.FromDays(1), store.LastStatistics!.To - store.LastStatistics.From);
        Assert.Equal(10, store.LastStatistics.Top);
    }

    [Fact]
    public async Task Status_reports_the_queue_and_the_store()
    {
        var store = new RecordingQueryLogStore { Rows = [Blocked] };
        var queue = new QueryLogQueue(2);
        for (var i = 0; i < 3; i++)
        {
            queue.TryWrite(queue.Rent()); // the third is dropped: the queue holds two
        }

        await using var server = await AdminServer.StartAsync(services: s => s.AddSingleton<IQueryLogStore>(store).AddSingleton(queue));
        var (status, body) = await GetAsync(server, "/api/querylog/status");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("enabled").GetBoolean());
        Assert.Equal((2, 1, 2), (body.GetProperty("queued").GetInt64(), body.GetProperty("dropped").GetInt64(), body.GetProperty("pending").GetInt32()));
        Assert.Equal(0, body.GetProperty("lost").GetInt64());
        Assert.Equal(1, body.GetProperty("store").GetProperty("rows").GetInt64());
        Assert.Equal(4096, body.GetProperty("store").GetProperty("bytesUsed").GetInt64());
    }

    [Fact]
    public async Task Without_the_query_log_search_says_it_is_off_and_status_says_disabled()
    {
        await using var server = await AdminServer.StartAsync();
        var (status, body) = await GetAsync(server, "/api/querylog");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("HomeFilter:QueryLog:Enabled", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (status, body) = await GetAsync(server, "/api/querylog/status");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("enabled").GetBoolean());
    }
}
