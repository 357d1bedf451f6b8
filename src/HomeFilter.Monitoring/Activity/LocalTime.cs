namespace HomeFilter.Monitoring.Activity;

/// <summary>Local wall-clock times to UTC without throwing on the hour a DST change skips.</summary>
internal static class LocalTime
{
    /// <summary>
    /// The UTC instant of a local time. A time the clocks skip (spring forward) is read in the offset before the change
    /// (01:30 in a skipped hour 01:00–02:00 is 02:30 after it); a repeated time (autumn back) is its first occurrence.
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The offset in force just before the gap.
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return DateTime.SpecifyKind(local - before, DateTimeKind.Utc);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var largest = offsets[0] > offsets[1] ? offsets[0] : offsets[1];
            return DateTime.SpecifyKind(local - largest, DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>Local midnight starting <paramref name="day"/>, in UTC.</summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) => ToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
}
