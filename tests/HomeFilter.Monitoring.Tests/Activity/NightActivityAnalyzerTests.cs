using HomeFilter.Monitoring.Activity;
using HomeFilter.Monitoring.Alerts;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.Tests.Activity;

/// <summary>The analyzer with a fixed clock: which night is "tonight", what counts, and when a night is unusual.</summary>
public sealed class NightActivityAnalyzerTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly UnusualNightOptions Defaults = new();

    // 2026-11-25 12:00 UTC (GMT): the most recent night is the one that began on the 24th.
    private static readonly DateTime Noon = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly LastNight = new(2026, 11, 24);

    /// <summary>
    /// A device's hours: <paramref name="tonight"/> queries at 23:00 local on <paramref name="night"/>, then each of
    /// <paramref name="previous"/> on the nights before, and 500 at local noon every day (daytime never counts).
    /// </summary>
    private static DeviceHours Device(DateOnly night, long tonight, params long[] previous)
    {
        var hours = new List<HourlyActivity>();
        for (var back = previous.Length; back >= 0; back--)
        {
            var day = night.AddDays(-back);
            hours.Add(new HourlyActivity(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(12, 0)), London), 500, 0));
            hours.Add(new HourlyActivity(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(23, 0)), London), back == 0 ? tonight : previous[back - 1], 0));
        }

        var firstSeen = TimeZoneInfo.ConvertTimeToUtc(night.AddDays(-previous.Length).ToDateTime(new TimeOnly(12, 0)), London);
        return new DeviceHours("192.168.1.20", "kids", firstSeen, hours);
    }

    private static long[] Nights(int count, long each) => Enumerable.Repeat(each, count).ToArray();

    public static TheoryData<string, DeviceHours, long, int, double, bool> Cases => new()
    {
        { "140 lookups, usually 12: unusual", Device(LastNight, 140, Nights(14, 12)), 140, 14, 12, true },
        { "25 lookups, usually 2: under the minimum of 30", Device(LastNight, 25, Nights(14, 2)), 25, 14, 2, false },
        { "40 lookups, usually 20: under three times the median", Device(LastNight, 40, Nights(14, 20)), 40, 14, 20, false },
        { "60 lookups, usually 20: exactly three times is unusual", Device(LastNight, 60, Nights(14, 20)), 60, 14, 20, true },
        { "30 lookups, usually none: the minimum alone decides", Device(LastNight, 30, Nights(14, 0)), 30, 14, 0, true },
        { "29 lookups, usually none: not yet", Device(LastNight, 29, Nights(14, 0)), 29, 14, 0, false },
        { "median, not mean: one busy night does not raise the baseline", Device(LastNight, 40, [400, 5, 5, 5, 5]), 40, 5, 5, true },
        { "even count: median between the middle two", Device(LastNight, 90, [10, 20, 40, 50]), 90, 4, 30, true },
        { "only 14 nights are the baseline, older ones ignored", Device(LastNight, 100, [.. Nights(14, 10), .. Nights(10, 1000)]), 100, 14, 10, true },
        { "two nights of history: never unusual", Device(LastNight, 500, 1, 1), 500, 2, 1, false },
        { "three nights of history: enough", Device(LastNight, 500, 1, 1, 1), 500, 3, 1, true },
        { "no history: a new device", Device(LastNight, 500), 500, 0, 0, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_night_against_its_own_baseline(string what, DeviceHours device, long queries, int history, double median, bool unusual)
    {
        var night = Assert.Single(NightActivityAnalyzer.Analyze([device], _ => NightWindow.Default, London, Noon, Defaults));
        Assert.Equal(LastNight, night.Night);
        Assert.False(night.InProgress, what);
        Assert.Equal(queries, night.Queries);
        Assert.Equal(history, night.PreviousNights.Count);
        Assert.Equal(median, night.BaselineMedian);
        Assert.Equal(unusual, night.Unusual);
        Assert.Equal(median > 0 ? queries / median : null, night.Ratio);
    }

    [Fact]
    public void Mean_median_and_the_previous_nights_newest_first()
    {
        var night = Assert.Single(NightActivityAnalyzer.Analyze([Device(LastNight, 50, 1, 2, 3, 10)], _ => NightWindow.Default, London, Noon, Defaults));
        Assert.Equal([1L, 2, 3, 10], night.PreviousNights);
        Assert.Equal(4, night.BaselineMean);
        Assert.Equal(2.5, night.BaselineMedian);
        Assert.Equal(20, night.Ratio);
    }

    [Fact]
    public void Factor_minimum_and_baseline_nights_come_from_the_settings()
    {
        var device = Device(LastNight, 20, Nights(10, 9));
        var strict = new UnusualNightOptions { Factor = 2, MinimumQueries = 10, BaselineNights = 5 };
        var night = Assert.Single(NightActivityAnalyzer.Analyze([device], _ => NightWindow.Default, London, Noon, strict));
        Assert.True(night.Unusual);
        Assert.Equal(5, night.PreviousNights.Count);
        Assert.False(Assert.Single(NightActivityAnalyzer.Analyze([device], _ => NightWindow.Default, London, Noon, new UnusualNightOptions())).Unusual);
    }

    public static TheoryData<string, DateTime, DateOnly, bool> Tonight => new()
    {
        // (what, now UTC, expected night, in progress); London is on GMT in late November.
        { "local noon: last night, over", Noon, LastNight, false },
        { "22:59: still last night", new DateTime(2026, 11, 25, 22, 59, 0, DateTimeKind.Utc), LastNight, false },
        { "23:00: tonight has begun", new DateTime(2026, 11, 25, 23, 0, 0, DateTimeKind.Utc), LastNight.AddDays(1), true },
        { "01:30 the next morning: tonight, going on", new DateTime(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc), LastNight.AddDays(1), true },
        { "06:00: tonight, just over", new DateTime(2026, 11, 26, 6, 0, 0, DateTimeKind.Utc), LastNight.AddDays(1), false },
        { "BST: 22:30 UTC is 23:30 local, tonight", new DateTime(2026, 7, 1, 22, 30, 0, DateTimeKind.Utc), new DateOnly(2026, 7, 1), true },
    };

    [Theory]
    [MemberData(nameof(Tonight))]
    public void The_most_recent_night_is_the_one_that_began_last(string what, DateTime nowUtc, DateOnly expected, bool inProgress)
    {
        var device = new DeviceHours("192.168.1.20", null, nowUtc.AddDays(-30), []);
        var night = Assert.Single(NightActivityAnalyzer.Analyze([device], _ => NightWindow.Default, London, nowUtc, Defaults));
        Assert.Equal(expected, night.Night);
        Assert.Equal(inProgress, night.InProgress);
        Assert.False(night.Unusual, what);
    }

    [Fact]
    public void A_night_in_progress_counts_what_it_has_so_far()
    {
        var now = new DateTime(2026, 11, 26, 1, 30, 0, DateTimeKind.Utc);
        var device = Device(LastNight.AddDays(1), 45, Nights(5, 5));
        var night = Assert.Single(NightActivityAnalyzer.Analyze([device], _ => NightWindow.Default, London, now, Defaults));
        Assert.True(night.InProgress);
        Assert.Equal(45, night.Queries);
        Assert.True(night.Unusual);
    }

    public static TheoryData<string, DateOnly, DateTime, DateTime> DstNights => new()
    {
        // Spring: 23:00 GMT to 06:00 BST is six hours; autumn: 23:00 BST to 06:00 GMT is eight.
        { "spring forward", new DateOnly(2026, 3, 28), new DateTime(2026, 3, 28, 23, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 29, 5, 0, 0, DateTimeKind.Utc) },
        { "autumn back", new DateOnly(2026, 10, 24), new DateTime(2026, 10, 24, 22, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 25, 6, 0, 0, DateTimeKind.Utc) },
    };

    [Theory]
    [MemberData(nameof(DstNights))]
    public void A_DST_night_in_London_counts_its_own_local_hours(string what, DateOnly night, DateTime startUtc, DateTime endUtc)
    {
        // Ten lookups every UTC hour for two days around the night: the count is ten per real hour of the window.
        var hours = new List<HourlyActivity>();
        for (var hour = startUtc.AddHours(-24); hour < endUtc.AddHours(24); hour = hour.AddHours(1))
        {
            hours.Add(new HourlyActivity(hour, 10, 0));
        }

        var now = endUtc.AddHours(6);
        var result = Assert.Single(NightActivityAnalyzer.Analyze([new DeviceHours("10.0.0.2", null, startUtc.AddHours(-24), hours)], _ => NightWindow.Default, London, now, Defaults));
        Assert.Equal(night, result.Night);
        Assert.Equal(startUtc, result.StartUtc);
        Assert.Equal(endUtc, result.EndUtc);
        Assert.Equal(10 * (long)(endUtc - startUtc).TotalHours, result.Queries);
        Assert.False(result.InProgress, what);
    }

    [Fact]
    public void A_group_window_replaces_the_default()
    {
        var kids = new NightWindow(new TimeOnly(21, 0), new TimeOnly(7, 0));
        var device = new DeviceHours("192.168.1.20", "kids", Noon.AddDays(-30),
        [
            new HourlyActivity(new DateTime(2026, 11, 24, 20, 0, 0, DateTimeKind.Utc), 100, 0), // 20:00: before both windows
            new HourlyActivity(new DateTime(2026, 11, 24, 21, 0, 0, DateTimeKind.Utc), 7, 0),
            new HourlyActivity(new DateTime(2026, 11, 25, 6, 0, 0, DateTimeKind.Utc), 3, 0),
        ]);
        var night = Assert.Single(NightActivityAnalyzer.Analyze([device], group => group == "kids" ? kids : NightWindow.Default, London, Noon, Defaults));
        Assert.Equal(10, night.Queries);
        Assert.Equal(kids, night.Window);
        Assert.Equal(0, Assert.Single(NightActivityAnalyzer.Analyze([device], _ => NightWindow.Default, London, Noon, Defaults)).Queries);
    }

    [Fact]
    public void The_window_of_a_group_comes_from_its_night_alert_settings()
    {
        Assert.Equal(NightWindow.Default, NightWindow.For(null));
        Assert.Equal(NightWindow.Default, NightWindow.For(new HomeFilter.Rules.Policy.Document.GroupAlertSettings()));
        Assert.Equal(new NightWindow(new TimeOnly(23, 0), new TimeOnly(5, 0)),
            NightWindow.For(new HomeFilter.Rules.Policy.Document.GroupAlertSettings { NightActivity = new() }));
        Assert.Equal(new NightWindow(new TimeOnly(21, 30), new TimeOnly(6, 15)),
            NightWindow.For(new HomeFilter.Rules.Policy.Document.GroupAlertSettings { NightActivity = new() { From = "21:30", To = "06:15" } }));
        Assert.Equal(NightWindow.Default,
            NightWindow.For(new HomeFilter.Rules.Policy.Document.GroupAlertSettings { NightActivity = new() { From = "9pm", To = "06:15" } }));
    }
}
