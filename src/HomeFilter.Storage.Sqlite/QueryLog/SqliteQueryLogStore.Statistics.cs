using System.Text;
using HomeFilter.Storage.QueryLog;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.QueryLog;

public sealed partial class SqliteQueryLogStore
{
    public async Task<ActivityStatistics> GetStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken)
    {
        await FlushPendingRollupsAsync(cancellationToken).ConfigureAwait(false);
        ArgumentNullException.ThrowIfNull(filter);
        if (!string.IsNullOrEmpty(filter.Branch))
        {
            return await GetBranchStatisticsAsync(filter, cancellationToken).ConfigureAwait(false);
        }

        var top = Math.Clamp(filter.Top, 1, 1000);
        var from = ToUnixMs(filter.From);
        var to = ToUnixMs(filter.To);
        await using var connection = OpenReader();

        IReadOnlyList<HourlyActivity> hours;
        await using (var command = Scoped(connection, "SELECT hour, SUM(queries), SUM(blocked) FROM rollup_hour r WHERE hour >= $from AND hour < $to", filter, " GROUP BY hour ORDER BY hour"))
        {
            command.Parameters.AddWithValue("$from", from / HourMs);
            command.Parameters.AddWithValue("$to", (to + HourMs - 1) / HourMs);
            hours = await ReadHoursAsync(command, cancellationToken).ConfigureAwait(false);
        }

        var firstDay = from / DayMs;
        var lastDay = (to - 1) / DayMs;
        var topNames = await TopAsync(connection, "SELECT n.name, SUM(r.queries) AS total FROM rollup_day_name r JOIN names n ON n.id = r.name_id WHERE day >= $first AND day <= $last", filter, firstDay, lastDay, top, cancellationToken).ConfigureAwait(false);
        var topBlocked = await TopAsync(connection, "SELECT n.name, SUM(r.blocked) AS total FROM rollup_day_name r JOIN names n ON n.id = r.name_id WHERE day >= $first AND day <= $last AND r.blocked > 0", filter, firstDay, lastDay, top, cancellationToken).ConfigureAwait(false);
        var topCategories = await TopAsync(connection, "SELECT r.category, SUM(r.blocked) AS total FROM rollup_day_category r WHERE day >= $first AND day <= $last", filter, firstDay, lastDay, top, cancellationToken, groupBy: "r.category").ConfigureAwait(false);
        return Statistics(hours, topNames, topBlocked, topCategories);
    }

    /// <summary>Rows of (hour number, queries, blocked), in hour order, as the hourly series.</summary>
    private static async Task<IReadOnlyList<HourlyActivity>> ReadHoursAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var hours = new List<HourlyActivity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hours.Add(new HourlyActivity(FromUnixMs(reader.GetInt64(0) * HourMs), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return hours;
    }

    /// <summary>The statistics of a range: its totals are the sums of its hours.</summary>
    private static ActivityStatistics Statistics(IReadOnlyList<HourlyActivity> hours, IReadOnlyList<CountedItem> topNames, IReadOnlyList<CountedItem> topBlocked, IReadOnlyList<CountedItem> topCategories)
    {
        long queries = 0;
        long blocked = 0;
        foreach (var hour in hours)
        {
            queries += hour.Queries;
            blocked += hour.Blocked;
        }

        return new ActivityStatistics(queries, blocked, topNames, topBlocked, topCategories, hours);
    }

    private static async Task<IReadOnlyList<CountedItem>> TopAsync(SqliteConnection connection, string select, StatisticsFilter filter, long firstDay, long lastDay, int top, CancellationToken cancellationToken, string groupBy = "r.name_id")
    {
        await using var command = Scoped(connection, select, filter, $" GROUP BY {groupBy} ORDER BY total DESC, 1 LIMIT $top");
        command.Parameters.AddWithValue("$first", firstDay);
        command.Parameters.AddWithValue("$last", lastDay);
        command.Parameters.AddWithValue("$top", top);
        return await ReadCountedAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows of (key, count) as counted items.</summary>
    private static async Task<IReadOnlyList<CountedItem>> ReadCountedAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var items = new List<CountedItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new CountedItem(reader.GetString(0), reader.GetInt64(1)));
        }

        return items;
    }

    private static SqliteCommand Scoped(SqliteConnection connection, string select, StatisticsFilter filter, string tail)
    {
        var command = connection.CreateCommand();
        var sql = new StringBuilder(select);
        if (!string.IsNullOrEmpty(filter.Client))
        {
            sql.Append(" AND r.client_id = (SELECT id FROM clients WHERE address = $client)");
            command.Parameters.AddWithValue("$client", filter.Client);
        }

        if (filter.Group is not null)
        {
            sql.Append(" AND r.grp = $group");
            command.Parameters.AddWithValue("$group", filter.Group);
        }

        command.CommandText = sql.Append(tail).ToString();
        return command;
    }
}
