using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Monitoring.Activity;

/// <summary>
/// A nightly window in local time, from <see cref="From"/> to <see cref="To"/> (the next morning when
/// <see cref="From"/> is later; equal bounds: a whole day). A night is named by the local date it starts on.
/// </summary>
public readonly record struct NightWindow(TimeOnly From, TimeOnly To)
{
    /// <summary>23:00–06:00: the window for groups that set no night alert settings.</summary>
    public static readonly NightWindow Default = new(new TimeOnly(23, 0), new TimeOnly(6, 0));

    /// <summary>The group's night alert window when it sets one (an unreadable time falls back to the default), else <see cref="Default"/>.</summary>
    public static NightWindow For(GroupAlertSettings? settings)
    {
        if (settings?.NightActivity is not { } night)
        {
            return Default;
        }

        var from = WeeklyWindow.ParseTime(night.From);
        var to = WeeklyWindow.ParseTime(night.To);
        return from < 0 || to < 0 ? Default : new NightWindow(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(from)), TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(to)));
    }

    /// <summary>The night that started most recently at <paramref name="nowUtc"/> (it may still be going on).</summary>
    public DateOnly MostRecentNight(DateTime nowUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone);
        var today = DateOnly.FromDateTime(local);
        return TimeOnly.FromDateTime(local) >= From ? today : today.AddDays(-1);
    }

    /// <summary>Where the night starting on <paramref name="night"/> begins and ends, in UTC (DST nights are an hour shorter or longer).</summary>
    public (DateTime StartUtc, DateTime EndUtc) Span(DateOnly night, TimeZoneInfo zone)
    {
        var endDay = To > From ? night : night.AddDays(1);
        return (LocalTime.ToUtc(night.ToDateTime(From), zone), LocalTime.ToUtc(endDay.ToDateTime(To), zone));
    }

    /// <summary><c>23:00</c>–style text of a bound.</summary>
    public static string Text(TimeOnly time) => time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
