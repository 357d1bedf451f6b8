using HomeFilter.Rules.Queries;
using HomeFilter.Storage.QueryLog;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.QueryLog;

/// <summary>
/// Statistics and devices of one branch, from the rows: the rollups here have no branch, as a SQLite store is one
/// site's (only a resolver with a branch id tags its rows). The ranges match the rollups' (whole hours for the
/// series and the device counts, whole days for top names and categories); first and last seen are those of the
/// rows still kept.
/// </summary>
public sealed partial class SqliteQueryLogStore
{
    /// <summary>A device's group at the branch: that of its latest row there (through the client and time index).</summary>
    private const string LatestGroup = "(SELECT l.grp FROM queries l WHERE l.client_id = s.client_id AND l.branch = $branch ORDER BY l.time DESC LIMIT 1)";

    private async Task<ActivityStatistics> GetBranchStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken)
    {
        var top = Math.Clamp(filter.Top, 1, 1000);
        var from = ToUnixMs(filter.From);
        var to = ToUnixMs(filter.To);
        var hourFrom = from / HourMs * HourMs;
        var hourTo = (to + HourMs - 1) / HourMs * HourMs;
        var dayFrom = from / DayMs * DayMs;
        var dayTo = (((to - 1) / DayMs) + 1) * DayMs;
        await using var connection = OpenReader();

        IReadOnlyList<HourlyActivity> hours;
        await using (var command = BranchRows(connection, "SELECT q.time / 3600000, COUNT(*), SUM(q.outcome = $blocked) FROM queries q", filter, hourFrom, hourTo, " GROUP BY 1 ORDER BY 1"))
        {
            hours = await ReadHoursAsync(command, cancellationToken).ConfigureAwait(false);
        }

        var topNames = await BranchTopAsync(connection, "SELECT n.name, COUNT(*) AS total FROM queries q JOIN names n ON n.id = q.name_id", filter, dayFrom, dayTo, top, " GROUP BY q.name_id", cancellationToken).ConfigureAwait(false);
        var topBlocked = await BranchTopAsync(connection, "SELECT n.name, COUNT(*) AS total FROM queries q JOIN names n ON n.id = q.name_id", filter, dayFrom, dayTo, top, " AND q.outcome = $blocked GROUP BY q.name_id", cancellationToken).ConfigureAwait(false);
        var topCategories = await BranchTopAsync(connection, "SELECT q.category, COUNT(*) AS total FROM queries q", filter, dayFrom, dayTo, top, " AND q.outcome = $blocked AND q.category IS NOT NULL GROUP BY q.category", cancellationToken).ConfigureAwait(false);
        return Statistics(hours, topNames, topBlocked, topCategories);
    }

    private static async Task<IReadOnlyList<CountedItem>> BranchTopAsync(SqliteConnection connection, string select, StatisticsFilter filter, long from, long to, int top, string tail, CancellationToken cancellationToken)
    {
        await using var command = BranchRows(connection, select, filter, from, to, tail + " ORDER BY total DESC, 1 LIMIT $top");
        command.Parameters.AddWithValue("$top", top);
        return await ReadCountedAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand BranchRows(SqliteConnection connection, string select, StatisticsFilter filter, long from, long to, string tail)
    {
        var command = connection.CreateCommand();
        var where = " WHERE q.time >= $from AND q.time < $to AND q.branch = $branch";
        if (!string.IsNullOrEmpty(filter.Client))
        {
            where += " AND q.client_id = (SELECT id FROM clients WHERE address = $client)";
            command.Parameters.AddWithValue("$client", filter.Client);
        }

        if (filter.Group is not null)
        {
            where += " AND q.grp = $group";
            command.Parameters.AddWithValue("$group", filter.Group);
        }

        command.CommandText = select + where + tail;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$branch", filter.Branch);
        command.Parameters.AddWithValue("$blocked", (int)QueryOutcome.Blocked);
        return command;
    }

    private async Task<IReadOnlyList<DeviceActivity>> GetBranchDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = OpenReader();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT c.address, {LatestGroup}, s.first, s.last, COALESCE(t.queries, 0), COALESCE(t.blocked, 0)
            FROM (SELECT client_id, MIN(time) AS first, MAX(time) AS last FROM queries WHERE branch = $branch GROUP BY client_id) s
            JOIN clients c ON c.id = s.client_id
            LEFT JOIN (SELECT client_id, COUNT(*) AS queries, SUM(outcome = $blocked) AS blocked FROM queries
                       WHERE branch = $branch AND time >= $from * 3600000 AND time < $to * 3600000 GROUP BY client_id) t ON t.client_id = s.client_id
            WHERE 1 = 1{(filter.Client is null ? "" : " AND c.address = $client")}
            ORDER BY s.last DESC, c.address
            """;
        AddRange(command, filter);
        command.Parameters.AddWithValue("$branch", filter.Branch);
        command.Parameters.AddWithValue("$blocked", (int)QueryOutcome.Blocked);
        var devices = new List<DeviceActivity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            devices.Add(new DeviceActivity(reader.GetString(0), GroupOf(reader, 1), FromUnixMs(reader.GetInt64(2)), FromUnixMs(reader.GetInt64(3)), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return devices;
    }

    private async Task<IReadOnlyList<DeviceHours>> GetBranchDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = OpenReader();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT c.address, {LatestGroup}, s.first, h.hour, h.queries, h.blocked
            FROM (SELECT client_id, time / 3600000 AS hour, COUNT(*) AS queries, SUM(outcome = $blocked) AS blocked FROM queries
                  WHERE branch = $branch AND time >= $from * 3600000 AND time < $to * 3600000 GROUP BY client_id, hour) h
            JOIN (SELECT client_id, MIN(time) AS first FROM queries WHERE branch = $branch GROUP BY client_id) s ON s.client_id = h.client_id
            JOIN clients c ON c.id = h.client_id
            WHERE 1 = 1{(filter.Client is null ? "" : " AND c.address = $client")}
            ORDER BY c.address, h.hour
            """;
        AddRange(command, filter);
        command.Parameters.AddWithValue("$branch", filter.Branch);
        command.Parameters.AddWithValue("$blocked", (int)QueryOutcome.Blocked);
        return await ReadDeviceHoursAsync(command, cancellationToken).ConfigureAwait(false);
    }
}
