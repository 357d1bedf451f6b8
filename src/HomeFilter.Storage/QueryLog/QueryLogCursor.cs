using System.Globalization;

namespace HomeFilter.Storage.QueryLog;

/// <summary>
/// The keyset cursor of <see cref="QueryLogPage.Next"/>: "unix-ms.id" of the last row of a page. One definition,
/// so every store writes it alike and the API can refuse a malformed one before it reaches a store.
/// </summary>
public static class QueryLogCursor
{
    public static string Format(long unixMilliseconds, long id) => string.Create(CultureInfo.InvariantCulture, $"{unixMilliseconds}.{id}");

    public static bool TryParse(string? cursor, out long unixMilliseconds, out long id)
    {
        unixMilliseconds = 0;
        id = 0;
        var dot = cursor?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        return dot > 0
            && long.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out unixMilliseconds)
            && long.TryParse(cursor.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
