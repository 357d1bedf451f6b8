using System.Text;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.QueryLog;
using Npgsql;

namespace HomeFilter.Storage.Postgres.QueryLog;

/// <summary>Statistics, devices and gaps, from the rollups and the clients table as the SQLite store answers them.</summary>
public sealed partial class PostgresQueryLogStore
{
    public async Task<ActivityStatistics> GetStatisticsAsync(StatisticsFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var top = Math.Clamp(filter.Top, 1, 1000);
        var from = UnixTime.ToMs(filter.From);
        var to = UnixTime.ToMs(filter.To);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        var hours = new List<HourlyActivity>();
        long queries = 0;
        long blocked = 0;
        await using (var command = Scoped(connection, "SELECT hour, SUM(queries)::bigint, SUM(blocked)::bigint FROM rollup_hour r WHERE hour >= @from AND hour < @to", filter, " GROUP BY hour ORDER BY hour"))
        {
            command.Parameters.AddWithValue("from", from / UnixTime.HourMs);
            command.Parameters.AddWithValue("to", (to + UnixTime.HourMs - 1) / UnixTime.HourMs);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var hour = new HourlyActivity(UnixTime.FromMs(reader.GetInt64(0) * UnixTime.HourMs), reader.GetInt64(1), reader.GetInt64(2));
                hours.Add(hour);
                queries += hour.Queries;
                blocked += hour.Blocked;
            }
        }

        var firstDay = from / UnixTime.DayMs;
        var lastDay = (to - 1) / UnixTime.DayMs;
        // One device's or one branch's top names from the per-client rollup; the network's (or a group's) from the network-wide one.
        var nameRollup = string.IsNullOrEmpty(filter.Client) && string.IsNullOrEmpty(filter.Branch) ? "rollup_day_network_name" : "rollup_day_name";
        var topNames = await TopNamesAsync(connection, $"SELECT r.name_id, SUM(r.queries)::bigint AS total FROM {nameRollup} r WHERE day >= @first AND day <= @last", filter, firstDay, lastDay, top, cancellationToken).ConfigureAwait(false);
        var topBlocked = await TopNamesAsync(connection, $"SELECT r.name_id, SUM(r.blocked)::bigint AS total FROM {nameRollup} r WHERE day >= @first AND day <= @last AND r.blocked > 0", filter, firstDay, lastDay, top, cancellationToken).ConfigureAwait(false);
        var topCategories = await TopAsync(connection, "SELECT r.category, SUM(r.blocked)::bigint AS total FROM rollup_day_category r WHERE day >= @first AND day <= @last", filter, firstDay, lastDay, top, "r.category", cancellationToken).ConfigureAwait(false);
        return new ActivityStatistics(queries, blocked, topNames, topBlocked, topCategories, hours);
    }

    /// <summary>
    /// The top names: totals are summed per name id (a day of a whole network is hundreds of thousands of rollup rows,
    /// and grouping them by name text cost most of a second), then only the names that can make the top are looked
    /// up: those at or above the last place's total, so ties at the boundary are still ordered by name.
    /// </summary>
    private static async Task<IReadOnlyList<CountedItem>> TopNamesAsync(NpgsqlConnection connection, string totals, StatisticsFilter filter, long firstDay, long lastDay, int top, CancellationToken cancellationToken)
    {
        await using var command = Scoped(connection, "WITH t AS MATERIALIZED (" + totals, filter, """
             GROUP BY r.name_id),
            k AS (SELECT total FROM t ORDER BY total DESC LIMIT 1 OFFSET @top - 1)
            SELECT n.name, t.total FROM t JOIN names n ON n.id = t.name_id
            WHERE t.total >= COALESCE((SELECT total FROM k), 0)
            ORDER BY t.total DESC, n.name LIMIT @top
            """);
        return await ReadTopAsync(command, firstDay, lastDay, top, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<CountedItem>> TopAsync(NpgsqlConnection connection, string select, StatisticsFilter filter, long firstDay, long lastDay, int top, string groupBy, CancellationToken cancellationToken)
    {
        await using var command = Scoped(connection, select, filter, $" GROUP BY {groupBy} ORDER BY total DESC, 1 LIMIT @top");
        return await ReadTopAsync(command, firstDay, lastDay, top, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<CountedItem>> ReadTopAsync(NpgsqlCommand command, long firstDay, long lastDay, int top, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("first", firstDay);
        command.Parameters.AddWithValue("last", lastDay);
        command.Parameters.AddWithValue("top", top);
        var items = new List<CountedItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new CountedItem(reader.GetString(0), reader.GetInt64(1)));
        }

        return items;
    }

    private static NpgsqlCommand Scoped(NpgsqlConnection connection, string select, StatisticsFilter filter, string tail)
    {
        var command = new NpgsqlCommand { Connection = connection };
        var sql = new StringBuilder(select);
        if (!string.IsNullOrEmpty(filter.Client))
        {
            sql.Append(" AND r.address_id = (SELECT id FROM clients WHERE address = @client)");
            command.Parameters.AddWithValue("client", filter.Client);
        }

        if (filter.Group is not null)
        {
            sql.Append(" AND r.grp = @group");
            command.Parameters.AddWithValue("group", filter.Group);
        }

        if (!string.IsNullOrEmpty(filter.Branch))
        {
            sql.Append(" AND r.branch = @branch");
            command.Parameters.AddWithValue("branch", filter.Branch);
        }

        command.CommandText = sql.Append(tail).ToString();
        return command;
    }

    public async Task<IReadOnlyList<DeviceActivity>> GetDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var client = filter.Client is null ? "" : " AND c.address = @client";
        await using var command = new NpgsqlCommand(string.IsNullOrEmpty(filter.Branch)
            ? $"""
            SELECT c.address, c.grp, c.first_seen, c.last_seen, COALESCE(t.queries, 0)::bigint, COALESCE(t.blocked, 0)::bigint
            FROM clients c
            LEFT JOIN (SELECT address_id, SUM(queries) AS queries, SUM(blocked) AS blocked FROM rollup_hour
                       WHERE hour >= @from AND hour < @to GROUP BY address_id) t ON t.address_id = c.id
            WHERE c.first_seen IS NOT NULL{client}
            ORDER BY c.last_seen DESC, c.address
            """
            : $"""
            SELECT c.address, b.grp, b.first_seen, b.last_seen, COALESCE(t.queries, 0)::bigint, COALESCE(t.blocked, 0)::bigint
            FROM branch_clients b JOIN clients c ON c.id = b.address_id
            LEFT JOIN (SELECT address_id, SUM(queries) AS queries, SUM(blocked) AS blocked FROM rollup_hour
                       WHERE hour >= @from AND hour < @to AND branch = @branch GROUP BY address_id) t ON t.address_id = b.address_id
            WHERE b.branch = @branch{client}
            ORDER BY b.last_seen DESC, c.address
            """, connection);
        AddRange(command, filter);
        var devices = new List<DeviceActivity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            devices.Add(new DeviceActivity(reader.GetString(0), GroupOf(reader, 1), UnixTime.FromMs(reader.GetInt64(2)), UnixTime.FromMs(reader.GetInt64(3)), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return devices;
    }

    public async Task<IReadOnlyList<DeviceHours>> GetDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var client = filter.Client is null ? "" : " AND c.address = @client";
        await using var command = new NpgsqlCommand(string.IsNullOrEmpty(filter.Branch)
            ? $"""
            SELECT c.address, c.grp, c.first_seen, r.hour, SUM(r.queries)::bigint, SUM(r.blocked)::bigint
            FROM rollup_hour r JOIN clients c ON c.id = r.address_id
            WHERE r.hour >= @from AND r.hour < @to{client}
            GROUP BY c.address, c.grp, c.first_seen, r.hour
            ORDER BY c.address COLLATE "C", r.hour
            """
            : $"""
            SELECT c.address, b.grp, b.first_seen, r.hour, SUM(r.queries)::bigint, SUM(r.blocked)::bigint
            FROM rollup_hour r JOIN clients c ON c.id = r.address_id JOIN branch_clients b ON b.branch = r.branch AND b.address_id = r.address_id
            WHERE r.hour >= @from AND r.hour < @to AND r.branch = @branch{client}
            GROUP BY c.address, b.grp, b.first_seen, r.hour
            ORDER BY c.address COLLATE "C", r.hour
            """, connection);
        AddRange(command, filter);
        var devices = new List<DeviceHours>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        List<HourlyActivity>? hours = null;
        string? current = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var address = reader.GetString(0);
            if (address != current)
            {
                current = address;
                hours = [];
                var firstSeen = reader.IsDBNull(2) ? UnixTime.FromMs(reader.GetInt64(3) * UnixTime.HourMs) : UnixTime.FromMs(reader.GetInt64(2));
                devices.Add(new DeviceHours(address, GroupOf(reader, 1), firstSeen, hours));
            }

            hours!.Add(new HourlyActivity(UnixTime.FromMs(reader.GetInt64(3) * UnixTime.HourMs), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return devices;
    }

    private static void AddRange(NpgsqlCommand command, DeviceActivityFilter filter)
    {
        command.Parameters.AddWithValue("from", UnixTime.ToMs(filter.From) / UnixTime.HourMs);
        command.Parameters.AddWithValue("to", (UnixTime.ToMs(filter.To) + UnixTime.HourMs - 1) / UnixTime.HourMs);
        if (filter.Client is not null)
        {
            command.Parameters.AddWithValue("client", filter.Client);
        }

        if (!string.IsNullOrEmpty(filter.Branch))
        {
            command.Parameters.AddWithValue("branch", filter.Branch);
        }
    }

    private static string? GroupOf(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) || reader.GetString(ordinal).Length == 0 ? null : reader.GetString(ordinal);

    public async Task AppendGapsAsync(IReadOnlyList<QueryLogGap> gaps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        if (gaps.Count == 0)
        {
            return;
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var count = gaps.Count;
        long[] from = new long[count], to = new long[count], counts = new long[count];
        string?[] clients = new string?[count];
        var reasons = new string[count];
        for (var i = 0; i < count; i++)
        {
            (from[i], to[i], clients[i], counts[i], reasons[i]) = (UnixTime.ToMs(gaps[i].FromUtc), UnixTime.ToMs(gaps[i].ToUtc), gaps[i].Client, gaps[i].Count, gaps[i].Reason);
        }

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "INSERT INTO gaps(time_from, time_to, client, count, reason) SELECT f, t, c, n, r FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[]) WITH ORDINALITY AS u(f, t, c, n, r, o) ORDER BY o",
            connection);
        foreach (var array in new Array[] { from, to, clients, counts, reasons })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = array });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<QueryLogGap>> GetGapsAsync(DateTime? fromUtc, DateTime? toUtc, string? client, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // A gap of unknown clients (a crash, or drops folded together) may hold the client's queries too.
        await using var command = new NpgsqlCommand("""
            SELECT time_from, time_to, client, count, reason FROM gaps
            WHERE time_to >= $1 AND time_from <= $2 AND ($3::text IS NULL OR client IS NULL OR client = $3::text)
            ORDER BY time_from, id LIMIT 10000
            """, connection);
        command.Parameters.AddWithValue(fromUtc is { } f ? UnixTime.ToMs(f) : long.MinValue);
        command.Parameters.AddWithValue(toUtc is { } t ? UnixTime.ToMs(t) : long.MaxValue);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)client ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var gaps = new List<QueryLogGap>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            gaps.Add(new QueryLogGap(reader.IsDBNull(2) ? null : reader.GetString(2), UnixTime.FromMs(reader.GetInt64(0)), UnixTime.FromMs(reader.GetInt64(1)), reader.GetInt64(3), reader.GetString(4)));
        }

        return gaps;
    }
}
