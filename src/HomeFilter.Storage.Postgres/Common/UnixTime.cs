namespace HomeFilter.Storage.Postgres.Common;

/// <summary>Times are stored as Unix milliseconds (UTC), hours and days as their Unix numbers, as the SQLite store keeps them.</summary>
internal static class UnixTime
{
    public const long HourMs = 3_600_000;
    public const long DayMs = 86_400_000;

    public static long ToMs(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTime FromMs(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;
}
