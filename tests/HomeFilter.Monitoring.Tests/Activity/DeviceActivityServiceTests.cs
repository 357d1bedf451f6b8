using System.Text.Json;
using System.Text.Json.Serialization;
using HomeFilter.Monitoring.Activity;
using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Tests.Activity;

/// <summary>The service over a real SQLite log with a fixed clock: "today" and "night" in the policy's time zone.</summary>
public sealed class DeviceActivityServiceTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-activity-test-").FullName;
    private SqliteQueryLogStore _log = null!;

    public async ValueTask InitializeAsync()
    {
        _log = new SqliteQueryLogStore(Path.Combine(_folder, "querylog.db"), Options.Create(new QueryLogOptions()));
        await _log.InitializeAsync(CancellationToken.None);
    }

    private static QueryLogRecord Row(DateTime utc, string client, QueryOutcome outcome = QueryOutcome.Forwarded, string? group = null) => new()
    {
        TimeUtc = utc,
        Client = client,
        Group = group,
        Name = "example.com",
        Type = 1,
        Outcome = outcome,
    };

    private DeviceActivityService Service(DateTime nowUtc, GroupAlertSettings? settings = null) =>
        new(_log, new Policy(settings), Options.Create(new AlertOptions()), new FixedClock(nowUtc));

    [Fact]
    public async Task Today_is_the_local_day_of_the_policy_time_zone()
    {
        // 1 July: London is on BST, so the local day began at 23:00 UTC on 30 June.
        await _log.AppendAsync(
        [
            Row(new DateTime(2026, 6, 30, 22, 30, 0, DateTimeKind.Utc), "10.0.0.2", group: "kids"), // 23:30 BST yesterday
            Row(new DateTime(2026, 6, 30, 23, 30, 0, DateTimeKind.Utc), "10.0.0.2", QueryOutcome.Blocked, "kids"),
            Row(new DateTime(2026, 7, 1, 9, 0, 0, DateTimeKind.Utc), "10.0.0.2", group: "kids"),
            Row(new DateTime(2026, 6, 29, 12, 0, 0, DateTimeKind.Utc), "10.0.0.3"),
        ], CancellationToken.None);

        var devices = await Service(new DateTime(2026, 7, 1, 10, 0, 0, DateTimeKind.Utc)).TodayAsync(CancellationToken.None);
        Assert.Equal(
        [
            new DeviceActivity("10.0.0.2", "kids", new DateTime(2026, 6, 30, 22, 30, 0, DateTimeKind.Utc), new DateTime(2026, 7, 1, 9, 0, 0, DateTimeKind.Utc), 2, 1),
            new DeviceActivity("10.0.0.3", null, new DateTime(2026, 6, 29, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 29, 12, 0, 0, DateTimeKind.Utc), 0, 0),
        ], devices);
    }

    [Fact]
    public async Task Night_compares_the_last_night_with_the_nights_asked_for_in_the_group_window()
    {
        // The kids' window is 21:00-07:00 (GMT in November): 10 lookups at 21:00 on five nights, then 100.
        for (var day = 20; day <= 25; day++)
        {
            var count = day == 25 ? 100 : 10;
            await _log.AppendAsync([.. Enumerable.Range(0, count).Select(i => Row(new DateTime(2026, 11, day, 21, 0, 0, DateTimeKind.Utc).AddSeconds(i * 10), "10.0.0.2", group: "kids"))], CancellationToken.None);
        }

        var service = Service(new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc), new GroupAlertSettings { NightActivity = new NightActivitySettings { From = "21:00", To = "07:00" } });
        var night = Assert.Single(await service.NightAsync(3, CancellationToken.None));
        Assert.Equal(new DateOnly(2026, 11, 25), night.Night);
        Assert.Equal(100, night.Queries);
        Assert.Equal([10L, 10, 10], night.PreviousNights);
        Assert.True(night.Unusual);
        Assert.Equal(10, night.Ratio);

        // Too few nights for a verdict.
        Assert.False(Assert.Single(await service.NightAsync(2, CancellationToken.None)).Unusual);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(91)]
    public async Task Nights_outside_1_to_90_are_refused_with_a_reason(int nights)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Service(DateTime.UtcNow).NightAsync(nights, CancellationToken.None));
        Assert.StartsWith("nights must be 1 to 90", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_alert_kind_is_unusualNight_in_JSON()
    {
        var options = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
        Assert.Equal("\"unusualNight\"", JsonSerializer.Serialize(AlertKind.UnusualNightActivity, options));
        Assert.Equal(AlertKind.UnusualNightActivity, JsonSerializer.Deserialize<AlertKind>("\"unusualNight\"", options));
        Assert.Equal("\"nightActivity\"", JsonSerializer.Serialize(AlertKind.NightActivity, options));
    }

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class FixedClock(DateTime nowUtc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(nowUtc);
    }

    private sealed class Policy(GroupAlertSettings? kids) : IMonitoringPolicy
    {
        public TimeZoneInfo TimeZone => London;

        public IReadOnlySet<string> Categories { get; } = new HashSet<string>(StringComparer.Ordinal);

        public long Generation => 1;

        public string DocumentJson => "{}";

        public GroupAlertSettings? AlertSettingsFor(string? group) => group == "kids" ? kids : null;

        public string DisplayName(string client) => client;
    }
}
