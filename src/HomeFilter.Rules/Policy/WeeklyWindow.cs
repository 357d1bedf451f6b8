namespace HomeFilter.Rules.Policy;

/// <summary>
/// A weekly window in local wall-clock time: it starts on each listed day at <see cref="From"/> and ends at
/// <see cref="To"/>, the same day, or the next day when <see cref="From"/> is after <see cref="To"/>
/// (a "school night" window starts Sunday evening and ends Monday morning). Equal bounds mean the whole day.
/// </summary>
public readonly struct WeeklyWindow
{
    /// <summary>Minutes in a day.</summary>
    public const int MinutesPerDay = 1440;

    /// <summary>Minutes in a week.</summary>
    public const int MinutesPerWeek = 7 * MinutesPerDay;

    /// <summary>Creates a window.</summary>
    /// <param name="days">Bit <c>(int)DayOfWeek</c> set for each day the window starts on (0x7F: every day).</param>
    /// <param name="from">Start, minutes after local midnight (0..1439).</param>
    /// <param name="to">End (exclusive), minutes after local midnight (0..1439).</param>
    public WeeklyWindow(byte days, int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfNegative(to);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, MinutesPerDay);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(to, MinutesPerDay);
        Days = (byte)(days & 0x7F);
        From = from;
        To = to;
    }

    /// <summary>Start days, bit <c>(int)DayOfWeek</c>.</summary>
    public byte Days { get; }

    /// <summary>Start, minutes after local midnight.</summary>
    public int From { get; }

    /// <summary>End (exclusive), minutes after local midnight.</summary>
    public int To { get; }

    /// <summary>True when local minute-of-week <paramref name="minuteOfWeek"/> (Sunday 00:00 = 0) is inside the window.</summary>
    public bool Contains(int minuteOfWeek)
    {
        var day = minuteOfWeek / MinutesPerDay;
        var minute = minuteOfWeek - (day * MinutesPerDay);
        if (From == To)
        {
            return StartsOn(day);
        }

        if (From < To)
        {
            return StartsOn(day) && minute >= From && minute < To;
        }

        // Crosses midnight: the evening part belongs to today's start, the morning part to yesterday's.
        return (StartsOn(day) && minute >= From) || (StartsOn((day + 6) % 7) && minute < To);
    }

    /// <summary>The local minute of the week (Sunday 00:00 = 0) of a local time.</summary>
    public static int MinuteOfWeek(DateTime local) => ((int)local.DayOfWeek * MinutesPerDay) + (local.Hour * 60) + local.Minute;

    /// <summary>Parses <c>HH:mm</c> (00:00–23:59) into minutes after midnight; -1 when invalid.</summary>
    public static int ParseTime(string? text)
    {
        if (text is not { Length: 5 } || text[2] != ':' ||
            !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]) || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            return -1;
        }

        var hours = ((text[0] - '0') * 10) + (text[1] - '0');
        var minutes = ((text[3] - '0') * 10) + (text[4] - '0');
        return hours < 24 && minutes < 60 ? (hours * 60) + minutes : -1;
    }

    /// <summary>Parses day names (<c>mon</c>…<c>sun</c>, any case) into a day mask; every day when empty; -1 when a name is unknown.</summary>
    public static int ParseDays(IReadOnlyList<string>? days)
    {
        if (days is null || days.Count == 0)
        {
            return 0x7F;
        }

        var mask = 0;
        foreach (var day in days)
        {
            var bit = day?.ToLowerInvariant() switch
            {
                "sun" => DayOfWeek.Sunday,
                "mon" => DayOfWeek.Monday,
                "tue" => DayOfWeek.Tuesday,
                "wed" => DayOfWeek.Wednesday,
                "thu" => DayOfWeek.Thursday,
                "fri" => DayOfWeek.Friday,
                "sat" => DayOfWeek.Saturday,
                _ => (DayOfWeek)(-1),
            };
            if ((int)bit < 0)
            {
                return -1;
            }

            mask |= 1 << (int)bit;
        }

        return mask;
    }

    private bool StartsOn(int day) => (Days & (1 << day)) != 0;
}
