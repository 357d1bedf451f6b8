using HomeFilter.Rules.Policy;

namespace HomeFilter.Rules.Tests.Policy;

public sealed class PolicyClockTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Theory]
    // Winter (GMT = UTC) and summer (BST = UTC+1).
    [InlineData("2026-01-15T21:30:00Z", DayOfWeek.Thursday, 21, 30)]
    [InlineData("2026-07-15T20:30:00Z", DayOfWeek.Wednesday, 21, 30)]
    // Spring forward, Sunday 2026-03-29 01:00 UTC: 00:59 GMT then 02:00 BST.
    [InlineData("2026-03-29T00:59:00Z", DayOfWeek.Sunday, 0, 59)]
    [InlineData("2026-03-29T01:00:00Z", DayOfWeek.Sunday, 2, 0)]
    // Fall back, Sunday 2026-10-25 01:00 UTC: 01:59 BST then 01:00 GMT again.
    [InlineData("2026-10-25T00:59:00Z", DayOfWeek.Sunday, 1, 59)]
    [InlineData("2026-10-25T01:00:00Z", DayOfWeek.Sunday, 1, 0)]
    // Saturday 23:30 UTC in summer is already Sunday 00:30 local.
    [InlineData("2026-06-27T23:30:00Z", DayOfWeek.Sunday, 0, 30)]
    public void Local_minute_of_week_follows_the_zone_across_DST(string utc, DayOfWeek day, int hour, int minute)
    {
        var clock = new PolicyClock(London);
        var ticks = DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal).Ticks;
        var expected = ((int)day * 1440) + (hour * 60) + minute;
        Assert.Equal(expected, clock.MinuteOfWeek(ticks));
        Assert.Equal(expected, clock.MinuteOfWeek(ticks + TimeSpan.TicksPerSecond * 30)); // cached within the minute
    }

    [Fact]
    public void The_cache_moves_on_with_the_minute()
    {
        var clock = new PolicyClock(TimeZoneInfo.Utc);
        var start = new DateTime(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc).Ticks;
        Assert.Equal(600, clock.MinuteOfWeek(start));
        Assert.Equal(601, clock.MinuteOfWeek(start + TimeSpan.TicksPerMinute));
        Assert.Equal(600, clock.MinuteOfWeek(start));
    }
}
