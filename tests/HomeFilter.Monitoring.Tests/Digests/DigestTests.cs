using System.Text.RegularExpressions;
using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.Digests;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Storage.Sqlite.Alerts;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Tests.Digests;

/// <summary>Digests built from the real SQLite query log: every number equals a recount of the stored rows.</summary>
public sealed partial class DigestTests : IAsyncLifetime
{
    private const string Kid = "192.168.1.20";
    private const string Hostile = "<img src=x onerror=alert(1)>.example";
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-digest-test-").FullName;
    private readonly List<QueryLogRecord> _rows = [];
    private SqliteQueryLogStore _log = null!;
    private SqliteAlertStore _alerts = null!;

    public async ValueTask InitializeAsync()
    {
        _log = new SqliteQueryLogStore(Path.Combine(_folder, "querylog.db"), Options.Create(new QueryLogOptions()));
        await _log.InitializeAsync(CancellationToken.None);
        _alerts = new SqliteAlertStore(Path.Combine(_folder, "homefilter.db"));
        await _alerts.InitializeAsync(CancellationToken.None);

        var day = new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc);
        Add(Kid, day.AddHours(15), 10, "school.example");
        Add(Kid, day.AddHours(16), 3, "casino.example", "gambling");
        Add(Kid, day.AddHours(16).AddMinutes(30), 2, Hostile, "adult");
        Add(Kid, day.AddHours(23).AddMinutes(30), 4, "chat.example");
        Add(Kid, day.AddDays(1).AddHours(1), 2, "chat.example"); // the next day, still night
        Add(Kid, day.AddDays(-3).AddHours(12), 5, "games.example");
        Add("192.168.1.30", day.AddHours(15), 7, "news.example"); // another device, another group
        await _log.AppendAsync(_rows, CancellationToken.None);

        await _alerts.TryAddAsync(new Alert
        {
            Kind = AlertKind.SensitiveCategory,
            TimeUtc = day.AddHours(16),
            Client = Kid,
            Group = "kids",
            Name = "casino.example",
            Category = "gambling",
            Message = "192.168.1.20 (kids) tried to reach gambling content: casino.example was blocked at 16:00 <b>",
            DedupeKey = "sensitive:192.168.1.20:gambling:2026-11-28",
        }, CancellationToken.None);
    }

    private void Add(string client, DateTime start, int count, string name, string? category = null)
    {
        for (var i = 0; i < count; i++)
        {
            _rows.Add(new QueryLogRecord
            {
                TimeUtc = start.AddSeconds(i),
                Client = client,
                Group = client == Kid ? "kids" : "adults",
                Name = name,
                Type = 1,
                Outcome = category is null ? QueryOutcome.Forwarded : QueryOutcome.Blocked,
                Category = category,
            });
        }
    }

    private DigestBuilder Builder(string zone = "Europe/London") => new(_log, _alerts, new Policy(TimeZoneInfo.FindSystemTimeZoneById(zone)));

    [Theory]
    [InlineData(DigestPeriod.Day, "2026-11-28")]
    [InlineData(DigestPeriod.Week, "2026-11-29")]
    [InlineData(DigestPeriod.Day, "2026-11-29")]
    public async Task Every_number_equals_a_recount_of_the_stored_rows(DigestPeriod period, string date)
    {
        var localDate = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var digest = await Builder().BuildAsync(Kid, null, period, localDate, CancellationToken.None);

        // London is on UTC in November: local days are UTC days.
        var from = (period == DigestPeriod.Week ? localDate.AddDays(-6) : localDate).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = localDate.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rows = _rows.Where(r => r.Client == Kid && r.TimeUtc >= from && r.TimeUtc < to).ToList();
        Assert.Equal(from, digest.FromUtc);
        Assert.Equal(to, digest.ToUtc);
        Assert.Equal(rows.Count, digest.Queries);
        Assert.Equal(rows.Count(r => r.Outcome == QueryOutcome.Blocked), digest.Blocked);
        Assert.Equal(Counted(rows.GroupBy(r => r.Name)), Counted(digest.TopSites));
        Assert.Equal(Counted(rows.Where(r => r.Category is not null).GroupBy(r => r.Category!)), Counted(digest.BlockedByCategory));
        Assert.Equal(rows.Count(r => r.TimeUtc.Hour >= 23 || r.TimeUtc.Hour < 5), digest.NightQueries);
        var byHour = new long[24];
        rows.ForEach(r => byHour[r.TimeUtc.Hour]++);
        Assert.Equal(byHour, digest.QueriesByHour);
        Assert.Equal(rows.Any(r => r.Category == "gambling") ? 1 : 0, digest.Alerts.Count);
    }

    [Fact]
    public async Task A_group_digest_holds_its_devices_only()
    {
        var digest = await Builder().BuildAsync(null, "adults", DigestPeriod.Day, new DateOnly(2026, 11, 28), CancellationToken.None);
        Assert.Equal(7, digest.Queries);
        Assert.Equal("news.example", Assert.Single(digest.TopSites).Key);
        Assert.Empty(digest.Alerts);
    }

    [Fact]
    public async Task Hours_are_local_hours_and_the_DST_day_has_23_of_them()
    {
        // 2026-03-29: London moves from GMT to BST at 01:00 UTC.
        var day = new DateTime(2026, 3, 29, 0, 0, 0, DateTimeKind.Utc);
        _rows.Clear();
        Add(Kid, day.AddMinutes(30), 1, "early.example");        // 00:30 GMT
        Add(Kid, day.AddHours(12), 3, "noon.example");           // 13:00 BST
        Add(Kid, day.AddHours(22).AddMinutes(30), 2, "late.example"); // 23:30 BST: night
        Add(Kid, day.AddHours(23).AddMinutes(30), 5, "next.example"); // 00:30 BST the next day
        await _log.AppendAsync(_rows, CancellationToken.None);

        var digest = await Builder().BuildAsync(Kid, null, DigestPeriod.Day, new DateOnly(2026, 3, 29), CancellationToken.None);
        Assert.Equal(day.AddHours(23), digest.ToUtc);
        Assert.Equal(6, digest.Queries);
        Assert.Equal(1, digest.QueriesByHour[0]);
        Assert.Equal(3, digest.QueriesByHour[13]);
        Assert.Equal(2, digest.QueriesByHour[23]);
        Assert.Equal(3, digest.NightQueries); // 00:30 and 23:30 local
    }

    [Fact]
    public async Task The_html_page_encodes_every_name_and_loads_nothing()
    {
        var digest = await Builder().BuildAsync(Kid, null, DigestPeriod.Day, new DateOnly(2026, 11, 28), CancellationToken.None);
        var html = DigestHtml.Render(digest);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(24, RectPattern().Matches(html).Count);
        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chart_scales_bars_to_the_busiest_hour()
    {
        var hours = new long[24];
        hours[7] = 50;
        hours[20] = 100;
        var svg = DigestHtml.Chart(hours);
        var heights = RectPattern().Matches(svg).Select(m => int.Parse(m.Groups["h"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(24, heights.Length);
        Assert.Equal(heights[20], heights.Max());
        Assert.Equal(heights[20] / 2, heights[7]);
        Assert.Equal(0, heights[0]);
    }

    private static List<(string, long)> Counted(IEnumerable<IGrouping<string, QueryLogRecord>> groups) =>
        [.. groups.Select(g => (g.Key, (long)g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal)];

    private static List<(string, long)> Counted(IEnumerable<CountedItem> items) =>
        [.. items.Select(i => (i.Key, i.Count)).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal)];

    [GeneratedRegex("<rect [^>]*height=\"(?<h>[0-9]+)\"")]
    private static partial Regex RectPattern();

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync();
        await _alerts.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class Policy(TimeZoneInfo zone) : IMonitoringPolicy
    {
        public TimeZoneInfo TimeZone => zone;

        public IReadOnlySet<string> Categories { get; } = new HashSet<string>(StringComparer.Ordinal) { "adult", "gambling" };

        public long Generation => 1;

        public string DocumentJson => "{}";

        public GroupAlertSettings? AlertSettingsFor(string? group) => null;

        public string DisplayName(string client) => client;
    }
}
