using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.Evidence;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Admin.Tests.Alerts;

public sealed class MonitoringEndpointTests
{
    private const string Hostile = "<script>alert(1)</script>.example";
    private static readonly DateTime Evening = new(2026, 11, 28, 21, 14, 3, 123, DateTimeKind.Utc);

    private static readonly ActivityStatistics Statistics = new(
        1234,
        56,
        [new CountedItem("school.example", 300), new CountedItem(Hostile, 7)],
        [new CountedItem("casino.example", 40)],
        [new CountedItem("gambling", 40), new CountedItem("adult", 16)],
        [new HourlyActivity(Evening.Date.AddHours(21), 1000, 50), new HourlyActivity(Evening.Date.AddHours(23), 234, 6)]);

    private static async Task<MonitoringAdminServer> StartAsync(MemoryAlertStore? alerts = null)
    {
        IReadOnlyList<QueryLogRecord> rows =
        [
            new() { TimeUtc = Evening, Client = "192.168.1.20", Group = "kids", Name = "school.example", Type = 1, Outcome = QueryOutcome.Forwarded },
            new() { TimeUtc = Evening.AddSeconds(1), Client = "192.168.1.20", Group = "kids", Name = "casino.example", Type = 1, Outcome = QueryOutcome.Blocked, Category = "gambling" },
            new() { TimeUtc = Evening.AddSeconds(2), Client = "192.168.1.30", Group = "adults", Name = "news.example", Type = 28, Outcome = QueryOutcome.Cached },
        ];
        return await MonitoringAdminServer.StartAsync(alerts ?? new MemoryAlertStore(), new FixedQueryLogStore(rows, Statistics), new FixedMonitoringPolicy(TimeZoneInfo.FindSystemTimeZoneById("Europe/London")));
    }

    [Theory]
    [InlineData("GET", "/api/alerts?kind=everything", "kind must be")]
    [InlineData("GET", "/api/alerts?kind=1", "kind must be")]
    [InlineData("GET", "/api/alerts?acknowledged=maybe", "acknowledged must be")]
    [InlineData("GET", "/api/alerts?limit=0", "limit must be")]
    [InlineData("GET", "/api/alerts?limit=many", "limit must be")]
    [InlineData("GET", "/api/alerts?from=yesterday", "from must be")]
    [InlineData("GET", "/api/alerts?to=2026-02-30T00:00:00Z", "to must be")]
    [InlineData("POST", "/api/alerts/abc/acknowledge", "id must be a number")]
    [InlineData("POST", "/api/alerts/-1/acknowledge", "id must be a number")]
    [InlineData("GET", "/api/digests?client=192.168.1.20&period=month", "period must be")]
    [InlineData("GET", "/api/digests?client=192.168.1.20&period=1", "period must be")]
    [InlineData("GET", "/api/digests?client=192.168.1.20&date=2026-13-01", "date must be")]
    [InlineData("GET", "/api/digests?client=192.168.1.20&date=28.11.2026", "date must be")]
    [InlineData("GET", "/api/digests?client=192.168.1.20&format=xml", "format must be")]
    [InlineData("GET", "/api/evidence?from=2026-11-28T00:00:00Z&to=2026-11-29T00:00:00Z", "client or group")]
    [InlineData("GET", "/api/evidence?client=192.168.1.20", "from and to are required")]
    [InlineData("GET", "/api/evidence?client=192.168.1.20&from=noon&to=2026-11-29T00:00:00Z", "from must be")]
    [InlineData("GET", "/api/evidence?client=192.168.1.20&from=2026-11-29T00:00:00Z&to=2026-11-28T00:00:00Z", "from must be before to")]
    public async Task Bad_parameters_are_a_400_with_a_message(string method, string path, string message)
    {
        await using var server = await StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ProblemDocument>();
        Assert.Contains(message, error!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_are_listed_by_filter_and_acknowledged_once()
    {
        var store = new MemoryAlertStore();
        await store.TryAddAsync(Alert(AlertKind.NightActivity, "192.168.1.20", Evening.AddHours(2)), CancellationToken.None);
        await store.TryAddAsync(Alert(AlertKind.BypassAttempt, "192.168.1.20", Evening), CancellationToken.None);
        await store.TryAddAsync(Alert(AlertKind.SensitiveCategory, "192.168.1.21", Evening.AddHours(-3)), CancellationToken.None);
        await using var server = await StartAsync(store);

        var night = await server.Client.GetFromJsonAsync<JsonElement>("/api/alerts?kind=nightActivity");
        Assert.Equal("nightActivity", Assert.Single(night.EnumerateArray()).GetProperty("kind").GetString());
        var device = await server.Client.GetFromJsonAsync<JsonElement>("/api/alerts?client=192.168.1.20&from=2026-11-28T21:00:00Z&to=2026-11-28T22:00:00Z");
        var bypass = Assert.Single(device.EnumerateArray());
        Assert.Equal("bypassAttempt", bypass.GetProperty("kind").GetString());
        var id = bypass.GetProperty("id").GetInt64();

        using (var acknowledge = await server.Client.PostAsync(new Uri($"/api/alerts/{id}/acknowledge", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NoContent, acknowledge.StatusCode);
        }

        var acknowledged = await server.Client.GetFromJsonAsync<JsonElement>("/api/alerts?acknowledged=true");
        var only = Assert.Single(acknowledged.EnumerateArray());
        Assert.Equal(id, only.GetProperty("id").GetInt64());
        Assert.Equal("admin-token", only.GetProperty("acknowledgedBy").GetString());
        Assert.Equal(2, (await server.Client.GetFromJsonAsync<JsonElement>("/api/alerts?acknowledged=false")).GetArrayLength());

        using var missing = await server.Client.PostAsync(new Uri("/api/alerts/999/acknowledge", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_digest_is_json_with_the_stores_numbers_or_an_html_page_with_encoded_names()
    {
        await using var server = await StartAsync();
        var json = await server.Client.GetFromJsonAsync<JsonElement>("/api/digests?client=192.168.1.20&period=day&date=2026-11-28");
        Assert.Equal(1234, json.GetProperty("queries").GetInt64());
        Assert.Equal(56, json.GetProperty("blocked").GetInt64());
        Assert.Equal(Hostile, json.GetProperty("topSites")[1].GetProperty("key").GetString());
        Assert.Equal(40, json.GetProperty("blockedByCategory")[0].GetProperty("count").GetInt64());
        var hours = json.GetProperty("queriesByHour").EnumerateArray().Select(h => h.GetInt64()).ToArray();
        Assert.Equal(24, hours.Length);
        Assert.Equal(1000, hours[21]); // London is on UTC in November
        Assert.Equal(234, hours[23]);
        Assert.Equal(234, json.GetProperty("nightQueries").GetInt64());

        using var response = await server.Client.GetAsync(new Uri("/api/digests?client=192.168.1.20&period=week&date=2026-11-28&format=html", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;.example", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evidence_downloads_as_a_zip_that_verifies()
    {
        await using var server = await StartAsync();
        using var response = await server.Client.GetAsync(new Uri("/api/evidence?client=192.168.1.20&from=2026-11-28T00:00:00Z&to=2026-11-29T00:00:00Z", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("evidence-192.168.1.20-20261128T0000.zip", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var zip = Path.Combine(Path.GetTempPath(), $"homefilter-admin-evidence-{Guid.NewGuid():N}.zip");
        try
        {
            await File.WriteAllBytesAsync(zip, await response.Content.ReadAsByteArrayAsync());
            var verification = EvidenceVerifier.Verify(zip);
            Assert.True(verification.Valid, string.Join("; ", verification.Problems));
            Assert.Equal(2, verification.Rows);
        }
        finally
        {
            File.Delete(zip);
        }
    }

    private static Alert Alert(AlertKind kind, string client, DateTime time) => new()
    {
        Kind = kind,
        TimeUtc = time,
        Client = client,
        Group = "kids",
        Message = $"{client} {kind}",
        DedupeKey = $"{kind}:{client}:{time:O}",
    };
}
