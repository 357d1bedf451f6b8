using HomeFilter.Storage.QueryLog;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.QueryLog;

public sealed partial class SqliteQueryLogStore
{
    public async Task<IReadOnlyList<DeviceActivity>> GetDevicesAsync(DeviceActivityFilter filter, CancellationToken cancellationToken)
    {
        await FlushPendingRollupsAsync(cancellationToken).ConfigureAwait(false);
        ArgumentNullException.ThrowIfNull(filter);
        if (!string.IsNullOrEmpty(filter.Branch))
        {
            return await GetBranchDevicesAsync(filter, cancellationToken).ConfigureAwait(false);
        }

        await using var connection = OpenReader();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT c.address, c.grp, c.first_seen, c.last_seen, COALESCE(t.queries, 0), COALESCE(t.blocked, 0)
            FROM clients c
            LEFT JOIN (SELECT client_id, SUM(queries) AS queries, SUM(blocked) AS blocked FROM rollup_hour
                       WHERE hour >= $from AND hour < $to GROUP BY client_id) t ON t.client_id = c.id
            WHERE c.first_seen IS NOT NULL{(filter.Client is null ? "" : " AND c.address = $client")}
            ORDER BY c.last_seen DESC, c.address
            """;
        AddRange(command, filter);
        var devices = new List<DeviceActivity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            devices.Add(new DeviceActivity(
                reader.GetString(0),
                GroupOf(reader, 1),
                FromUnixMs(reader.GetInt64(2)),
                FromUnixMs(reader.GetInt64(3)),
                reader.GetInt64(4),
                reader.GetInt64(5)));
        }

        return devices;
    }

    public async Task<IReadOnlyList<DeviceHours>> GetDeviceHoursAsync(DeviceActivityFilter filter, CancellationToken cancellationToken)
    {
        await FlushPendingRollupsAsync(cancellationToken).ConfigureAwait(false);
        ArgumentNullException.ThrowIfNull(filter);
        if (!string.IsNullOrEmpty(filter.Branch))
        {
            return await GetBranchDeviceHoursAsync(filter, cancellationToken).ConfigureAwait(false);
        }

        await using var connection = OpenReader();
        await using var command = connection.CreateCommand();
        // The hour range is the primary key's first column; groups of one client are added up per hour.
        command.CommandText = $"""
            SELECT c.address, c.grp, c.first_seen, r.hour, SUM(r.queries), SUM(r.blocked)
            FROM rollup_hour r JOIN clients c ON c.id = r.client_id
            WHERE r.hour >= $from AND r.hour < $to{(filter.Client is null ? "" : " AND c.address = $client")}
            GROUP BY r.client_id, r.hour
            ORDER BY c.address, r.hour
            """;
        AddRange(command, filter);
        return await ReadDeviceHoursAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows of (address, group, first seen, hour, queries, blocked), ordered by address and hour, as devices.</summary>
    private static async Task<IReadOnlyList<DeviceHours>> ReadDeviceHoursAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
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
                var firstSeen = reader.IsDBNull(2) ? FromUnixMs(reader.GetInt64(3) * HourMs) : FromUnixMs(reader.GetInt64(2));
                devices.Add(new DeviceHours(address, GroupOf(reader, 1), firstSeen, hours));
            }

            hours!.Add(new HourlyActivity(FromUnixMs(reader.GetInt64(3) * HourMs), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return devices;
    }

    private static void AddRange(SqliteCommand command, DeviceActivityFilter filter)
    {
        command.Parameters.AddWithValue("$from", ToUnixMs(filter.From) / HourMs);
        command.Parameters.AddWithValue("$to", (ToUnixMs(filter.To) + HourMs - 1) / HourMs);
        if (filter.Client is not null)
        {
            command.Parameters.AddWithValue("$client", filter.Client);
        }
    }

    // Rows store "no group" as the empty string.
    private static string? GroupOf(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) || reader.GetString(ordinal).Length == 0 ? null : reader.GetString(ordinal);
}
