using HomeFilter.Rules.Policy;

namespace HomeFilter.Rules.Tests.Policy;

public sealed class WeeklyWindowTests
{
    private static readonly string[] SchoolNights = ["sun", "mon", "tue", "wed", "thu"];

    // 2026-11-29 is a Sunday; 2026-11-27 a Friday.
    [Theory]
    [InlineData("2026-11-29T20:59", false)] // Sunday before the window
    [InlineData("2026-11-29T21:00", true)]  // Sunday, start
    [InlineData("2026-11-29T23:59", true)]
    [InlineData("2026-11-30T00:00", true)]  // Monday morning: Sunday's window
    [InlineData("2026-11-30T06:59", true)]
    [InlineData("2026-11-30T07:00", false)] // end is exclusive
    [InlineData("2026-11-27T22:00", false)] // Friday evening: not a start day
    [InlineData("2026-11-28T03:00", false)] // Saturday morning: Friday did not start one
    [InlineData("2026-11-27T03:00", true)]  // Friday morning: Thursday's window
    public void A_window_crossing_midnight_belongs_to_its_start_day(string local, bool inside)
    {
        var window = new WeeklyWindow((byte)WeeklyWindow.ParseDays(SchoolNights), WeeklyWindow.ParseTime("21:00"), WeeklyWindow.ParseTime("07:00"));
        Assert.Equal(inside, window.Contains(WeeklyWindow.MinuteOfWeek(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Theory]
    [InlineData("09:00", "17:00", "2026-11-30T08:59", false)]
    [InlineData("09:00", "17:00", "2026-11-30T09:00", true)]
    [InlineData("09:00", "17:00", "2026-11-30T16:59", true)]
    [InlineData("09:00", "17:00", "2026-11-30T17:00", false)]
    [InlineData("00:00", "00:00", "2026-11-30T00:00", true)] // equal bounds: the whole day
    [InlineData("00:00", "00:00", "2026-11-30T23:59", true)]
    public void Same_day_windows_and_whole_days(string from, string to, string local, bool inside)
    {
        var window = new WeeklyWindow(0x7F, WeeklyWindow.ParseTime(from), WeeklyWindow.ParseTime(to));
        Assert.Equal(inside, window.Contains(WeeklyWindow.MinuteOfWeek(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Theory]
    [InlineData("00:00", 0)]
    [InlineData("23:59", 1439)]
    [InlineData("07:30", 450)]
    [InlineData("24:00", -1)]
    [InlineData("7:30", -1)]
    [InlineData("07:60", -1)]
    [InlineData("", -1)]
    [InlineData(null, -1)]
    public void Times_parse_strictly(string? text, int minutes) => Assert.Equal(minutes, WeeklyWindow.ParseTime(text));

    [Fact]
    public void Days_parse_case_insensitively_and_reject_unknown_names()
    {
        Assert.Equal(0b0000011, WeeklyWindow.ParseDays(["SUN", "mon"]));
        Assert.Equal(0x7F, WeeklyWindow.ParseDays([]));
        Assert.Equal(-1, WeeklyWindow.ParseDays(["monday"]));
    }
}
