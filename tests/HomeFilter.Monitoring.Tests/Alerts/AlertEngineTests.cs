using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.Alerts;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Tests.Alerts;

/// <summary>The engine over a real alert store with a hand-moved clock: what is stored, once, from batches as the writer hands them over.</summary>
public sealed class AlertEngineTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-engine-test-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
    private SqliteAlertStore _store = null!;
    private SqliteQueryLogStore _log = null!;
    private AlertEngine _engine = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteAlertStore(Path.Combine(_folder, "homefilter.db"));
        var background = BackgroundNames.FromNames(["time.apple.com", "connectivitycheck.gstatic.com"]);
        _log = new SqliteQueryLogStore(Path.Combine(_folder, "querylog.db"), Options.Create(new QueryLogOptions()));
        _engine = new AlertEngine(_store, _log, new LondonPolicy(), background, Options.Create(new AlertOptions()), _clock, NullLogger<AlertEngine>.Instance);
        await _store.InitializeAsync(CancellationToken.None);
        await _log.InitializeAsync(CancellationToken.None);
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

    /// <summary><paramref name="count"/> lookups by a device, a minute apart from <paramref name="localStart"/> (London time), stored in the log.</summary>
    private async Task LogAsync(string client, DateTime localStart, int count)
    {
        var start = TimeZoneInfo.ConvertTimeToUtc(localStart, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        await _log.AppendAsync([.. Enumerable.Range(0, count).Select(i => Row(start.AddSeconds(i * 20), client))], CancellationToken.None);
    }

    private async Task CheckNightAtAsync(DateTime localNow)
    {
        _clock.Now = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(localNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")));
        await _engine.CheckUnusualNightAsync(_clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    [Fact]
    public async Task An_unusual_night_is_one_alert_per_device_per_night()
    {
        // Five ordinary nights for the tablet (12 lookups at 23:30); the laptop is two nights old.
        for (var day = 20; day <= 24; day++)
        {
            await LogAsync("192.168.1.20", new DateTime(2026, 11, day, 23, 30, 0), 12);
        }

        await LogAsync("192.168.1.30", new DateTime(2026, 11, 23, 23, 30, 0), 1);
        await LogAsync("192.168.1.30", new DateTime(2026, 11, 24, 23, 30, 0), 1);

        // The night of the 25th: 20 lookups by 23:10 is not unusual yet; 80 by 00:20 is, and raises one alert.
        await LogAsync("192.168.1.20", new DateTime(2026, 11, 25, 23, 0, 0), 20);
        await LogAsync("192.168.1.30", new DateTime(2026, 11, 25, 23, 0, 0), 200);
        await CheckNightAtAsync(new DateTime(2026, 11, 25, 23, 10, 0));
        Assert.Empty(await StoredAsync(AlertKind.UnusualNightActivity));
        await LogAsync("192.168.1.20", new DateTime(2026, 11, 26, 0, 0, 0), 60);
        await CheckNightAtAsync(new DateTime(2026, 11, 26, 0, 20, 0));
        var alert = Assert.Single(await StoredAsync(AlertKind.UnusualNightActivity));
        Assert.Equal("192.168.1.20 (kids) has made 80 lookups since 23:00 tonight, usually 12 between 23:00 and 06:00", alert.Message);
        Assert.Equal("unusualnight:192.168.1.20:2026-11-25", alert.DedupeKey);
        Assert.Equal("kids", alert.Group);

        // More of the same night, and the morning after: still the one alert (the laptop has too little history).
        await LogAsync("192.168.1.20", new DateTime(2026, 11, 26, 1, 0, 0), 60);
        await CheckNightAtAsync(new DateTime(2026, 11, 26, 1, 20, 0));
        await CheckNightAtAsync(new DateTime(2026, 11, 26, 12, 0, 0));
        Assert.Single(await StoredAsync(AlertKind.UnusualNightActivity));

        // The next night is unusual too: a second alert, told after the night is over.
        await LogAsync("192.168.1.20", new DateTime(2026, 11, 26, 23, 30, 0), 140);
        await CheckNightAtAsync(new DateTime(2026, 11, 27, 7, 0, 0));
        var alerts = await StoredAsync(AlertKind.UnusualNightActivity);
        Assert.Equal(["unusualnight:192.168.1.20:2026-11-26", "unusualnight:192.168.1.20:2026-11-25"], alerts.Select(a => a.DedupeKey));
        Assert.Equal("192.168.1.20 (kids) made 140 lookups between 23:00 and 06:00, usually 12", alerts[0].Message);
    }

    [Fact]
    public async Task The_unusual_night_check_can_be_switched_off()
    {
        var engine = new AlertEngine(_store, _log, new LondonPolicy(), BackgroundNames.None,
            Options.Create(new AlertOptions { UnusualNight = new UnusualNightOptions { Enabled = false } }), _clock, NullLogger<AlertEngine>.Instance);
        for (var day = 20; day <= 25; day++)
        {
            await LogAsync("192.168.1.20", new DateTime(2026, 11, day, 23, 30, 0), day == 25 ? 200 : 5);
        }

        var morning = TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 11, 26, 7, 0, 0), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        await engine.CheckUnusualNightAsync(morning, CancellationToken.None);
        Assert.Empty(await StoredAsync(AlertKind.UnusualNightActivity));
        await _engine.CheckUnusualNightAsync(morning, CancellationToken.None);
        Assert.Single(await StoredAsync(AlertKind.UnusualNightActivity));
        engine.Dispose();
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
        await _log.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_list_held_back_raises_one_admin_alert_a_day()
    {
        var states = new HomeFilter.Resolver.Reload.Sources.ListSourceStates(_clock);
        using var bridge = new ListHeldBackAlerts(states, _engine);
        await bridge.StartAsync(TestContext.Current.CancellationToken);
        const string url = "https://lists.example/adult.txt";
        var held = new HomeFilter.Resolver.Reload.Sources.ListDownload(url, "/cache/x.list", HomeFilter.Resolver.Reload.Sources.ListDownloadStatus.HeldBack, "The new copy has 10 entries, less than half of the 100 of the last good copy.", _clock.GetUtcNow().UtcDateTime.AddDays(-1));

        states.Record(held);
        states.Record(held);
        IReadOnlyList<Alert> alerts = [];
        for (var i = 0; i < 100 && alerts.Count == 0; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            alerts = await _store.ListAsync(new AlertFilter { Kind = AlertKind.ListHeldBack }, TestContext.Current.CancellationToken);
        }

        await Task.Delay(100, TestContext.Current.CancellationToken);
        alerts = await _store.ListAsync(new AlertFilter { Kind = AlertKind.ListHeldBack }, TestContext.Current.CancellationToken);
        await bridge.StopAsync(TestContext.Current.CancellationToken);
        var alert = Assert.Single(alerts);
        Assert.Equal(ListHeldBackAlerts.Client, alert.Client);
        Assert.Equal(HomeFilter.Resolver.Reload.Sources.ListSourceId.For(url), alert.Name);
        Assert.Contains("less than half", alert.Message, StringComparison.Ordinal);
        Assert.Contains(url, alert.Message, StringComparison.Ordinal);
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

        public string DisplayName(string client) => client;
    }
}
