using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Storage.Sqlite.Alerts;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeFilter.Monitoring.Tests.Alerts;

/// <summary>The engine over a real alert store with a hand-moved clock: what is stored, once, from batches as the writer hands them over.</summary>
public sealed class AlertEngineTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-engine-test-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
    private SqliteAlertStore _store = null!;
    private AlertEngine _engine = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteAlertStore(Path.Combine(_folder, "homefilter.db"));
        var background = BackgroundNames.FromNames(["time.apple.com", "connectivitycheck.gstatic.com"]);
        _engine = new AlertEngine(_store, new LondonPolicy(), background, _clock, NullLogger<AlertEngine>.Instance);
        await _store.InitializeAsync(CancellationToken.None);
    }

    private static QueryLogRecord Row(DateTime utc, string client, string name = "chat.example", QueryOutcome outcome = QueryOutcome.Forwarded, string? category = null) => new()
    {
        TimeUtc = utc,
        Client = client,
        Group = client.EndsWith(".20", StringComparison.Ordinal) ? "kids" : null,
        Name = name,
        Type = 1,
        Outcome = outcome,
        Category = category,
    };

    private async Task<IReadOnlyList<Alert>> StoredAsync(AlertKind kind) =>
        await _store.ListAsync(new AlertFilter { Kind = kind }, CancellationToken.None);

    [Fact]
    public async Task The_night_across_the_spring_DST_change_is_one_alert_and_background_names_none()
    {
        // 2026-03-29 01:00 UTC: London moves from GMT to BST. 23:30 GMT on the 28th and 03:30 BST on the 29th are one night.
        var evening = new DateTime(2026, 3, 28, 23, 30, 0, DateTimeKind.Utc);
        await _engine.OnBatchStoredAsync([Row(evening.AddHours(-1), "192.168.1.20", "time.apple.com"), Row(evening.AddHours(1), "192.168.1.20", "connectivitycheck.gstatic.com")], CancellationToken.None);
        Assert.Empty(await StoredAsync(AlertKind.NightActivity));

        await _engine.OnBatchStoredAsync([Row(evening, "192.168.1.20")], CancellationToken.None);
        await _engine.OnBatchStoredAsync([Row(new DateTime(2026, 3, 29, 2, 30, 0, DateTimeKind.Utc), "192.168.1.20")], CancellationToken.None); // 03:30 BST
        await _engine.OnBatchStoredAsync([Row(new DateTime(2026, 3, 29, 4, 30, 0, DateTimeKind.Utc), "192.168.1.20")], CancellationToken.None); // 05:30 BST: day
        var night = Assert.Single(await StoredAsync(AlertKind.NightActivity));
        Assert.Equal("night:192.168.1.20:2026-03-28", night.DedupeKey);
        Assert.Contains("23:30", night.Message, StringComparison.Ordinal);

        // 22:30 UTC on the 29th is 23:30 BST: the next night.
        await _engine.OnBatchStoredAsync([Row(new DateTime(2026, 3, 29, 22, 30, 0, DateTimeKind.Utc), "192.168.1.20")], CancellationToken.None);
        Assert.Equal(["night:192.168.1.20:2026-03-29", "night:192.168.1.20:2026-03-28"], (await StoredAsync(AlertKind.NightActivity)).Select(a => a.DedupeKey));
    }

    [Fact]
    public async Task Sensitive_and_bypass_alerts_are_stored_once_per_day_and_per_hour()
    {
        var noon = new DateTime(2026, 3, 28, 12, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 3; i++)
        {
            await _engine.OnBatchStoredAsync(
            [
                Row(noon.AddMinutes(i * 20), "192.168.1.20", "casino.example", QueryOutcome.Blocked, "gambling"),
                Row(noon.AddMinutes(i * 20), "192.168.1.20", "use-application-dns.net", QueryOutcome.Blocked, "bypass"),
            ], CancellationToken.None);
        }

        await _engine.OnBatchStoredAsync([Row(noon.AddHours(1), "192.168.1.20", "use-application-dns.net", QueryOutcome.Blocked, "bypass")], CancellationToken.None);
        await _engine.OnBatchStoredAsync([Row(noon.AddDays(1), "192.168.1.20", "casino.example", QueryOutcome.Blocked, "gambling")], CancellationToken.None);
        Assert.Equal(2, (await StoredAsync(AlertKind.SensitiveCategory)).Count);
        Assert.Equal(2, (await StoredAsync(AlertKind.BypassAttempt)).Count);
        var handedOver = 0;
        while (_engine.Raised.TryRead(out _))
        {
            handedOver++;
        }

        Assert.Equal(4, handedOver); // only new alerts are handed to delivery
    }

    [Fact]
    public async Task A_silent_device_is_one_alert_until_it_is_active_again()
    {
        var start = _clock.GetUtcNow().UtcDateTime;
        await _engine.OnBatchStoredAsync([.. Enumerable.Range(0, 12).Select(i => Row(start.AddMinutes(i), "192.168.1.20"))], CancellationToken.None);
        for (var minute = 12; minute <= 45; minute++)
        {
            // Another device keeps querying; the kid's tablet says nothing after minute 11.
            _clock.Now = new DateTimeOffset(start.AddMinutes(minute));
            await _engine.OnBatchStoredAsync([Row(start.AddMinutes(minute), "192.168.1.30")], CancellationToken.None);
        }

        var first = Assert.Single(await StoredAsync(AlertKind.SilentDevice));
        Assert.Equal("192.168.1.20", first.Client);
        Assert.Equal(start.AddMinutes(41), first.TimeUtc); // 30 minutes after its last query

        _clock.Now = new DateTimeOffset(start.AddMinutes(50));
        await _engine.CheckSilenceAsync(start.AddMinutes(50), CancellationToken.None);
        Assert.Single(await StoredAsync(AlertKind.SilentDevice));

        // Active again, then silent again: a new alert.
        _clock.Now = new DateTimeOffset(start.AddMinutes(60));
        await _engine.OnBatchStoredAsync([.. Enumerable.Range(0, 12).Select(i => Row(start.AddMinutes(60).AddSeconds(i), "192.168.1.20")), Row(start.AddMinutes(60), "192.168.1.30")], CancellationToken.None);
        _clock.Now = new DateTimeOffset(start.AddMinutes(95));
        await _engine.OnBatchStoredAsync([Row(start.AddMinutes(95), "192.168.1.30")], CancellationToken.None);
        Assert.Equal(2, (await StoredAsync(AlertKind.SilentDevice)).Count);
    }

    [Fact]
    public void Devices_gone_for_two_days_are_forgotten()
    {
        var tracker = new SilentDeviceTracker();
        var start = new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);
        tracker.Observe(Row(start, "192.168.1.50"));
        tracker.Observe(Row(start.AddDays(2), "192.168.1.51"));
        var raised = new List<Alert>();
        tracker.Check(start.AddDays(2), _ => AlertSettings.From(null, new HashSet<string>()), raised);
        Assert.Equal(2, tracker.DeviceCount);
        tracker.Check(start.AddDays(2).AddMinutes(1), _ => AlertSettings.From(null, new HashSet<string>()), raised);
        Assert.Equal(1, tracker.DeviceCount);
        Assert.Empty(raised);
    }

    public async ValueTask DisposeAsync()
    {
        _engine.Dispose();
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class LondonPolicy : IMonitoringPolicy
    {
        public TimeZoneInfo TimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        public IReadOnlySet<string> Categories { get; } = new HashSet<string>(StringComparer.Ordinal) { "adult", "gambling", "bypass" };

        public long Generation => 1;

        public string DocumentJson => "{}";

        public GroupAlertSettings? AlertSettingsFor(string? group) => null;
    }
}
