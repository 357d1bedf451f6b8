using System.Globalization;
using System.Text;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.Sqlite.Common;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.Alerts;

/// <summary>Alerts in <c>&lt;data&gt;/homefilter.db</c> (WAL), unique by dedupe key, kept after acknowledgement.</summary>
public sealed class SqliteAlertStore(string path) : IAlertStore
{
    private const string Component = "alerts";
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE alerts(
            id INTEGER PRIMARY KEY,
            kind INTEGER NOT NULL,
            time INTEGER NOT NULL,
            client TEXT NOT NULL,
            grp TEXT,
            name TEXT,
            category TEXT,
            message TEXT NOT NULL,
            dedupe_key TEXT NOT NULL UNIQUE,
            acknowledged_utc INTEGER,
            acknowledged_by TEXT,
            delivered INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX alerts_time ON alerts(time);
        CREATE INDEX alerts_client_time ON alerts(client, time);
        CREATE INDEX alerts_undelivered ON alerts(delivered) WHERE delivered = 0;
        """,

        // 2: the device the client was recognised as (by client ID, MAC or address) when the alert was raised.
        """
        ALTER TABLE alerts ADD COLUMN device TEXT;
        """,
    ];

    private readonly string _path = Path.GetFullPath(path);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var connection = SqliteMigrations.Open(_path);
        SqliteMigrations.Apply(connection, Component, Migrations);
    }

    public async Task<Alert?> TryAddAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = SqliteMigrations.Open(_path);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO alerts(kind, time, client, grp, name, category, message, dedupe_key, device) VALUES ($kind, $time, $client, $grp, $name, $category, $message, $key, $device)
                ON CONFLICT(dedupe_key) DO NOTHING RETURNING id
                """;
            command.Parameters.AddWithValue("$kind", (int)alert.Kind);
            command.Parameters.AddWithValue("$time", ToMs(alert.TimeUtc));
            command.Parameters.AddWithValue("$client", alert.Client);
            command.Parameters.AddWithValue("$grp", (object?)alert.Group ?? DBNull.Value);
            command.Parameters.AddWithValue("$name", (object?)alert.Name ?? DBNull.Value);
            command.Parameters.AddWithValue("$category", (object?)alert.Category ?? DBNull.Value);
            command.Parameters.AddWithValue("$message", alert.Message);
            command.Parameters.AddWithValue("$key", alert.DedupeKey);
            command.Parameters.AddWithValue("$device", (object?)alert.Device ?? DBNull.Value);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id ? alert with { Id = id } : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<Alert>> ListAsync(AlertFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = SqliteMigrations.Open(_path);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT id, kind, time, client, grp, name, category, message, dedupe_key, acknowledged_utc, acknowledged_by, delivered, device FROM alerts WHERE 1 = 1");
        if (filter.Client is not null)
        {
            sql.Append(" AND client = $client");
            command.Parameters.AddWithValue("$client", filter.Client);
        }

        if (filter.Group is not null)
        {
            sql.Append(" AND grp = $grp");
            command.Parameters.AddWithValue("$grp", filter.Group);
        }

        if (filter.Kind is { } kind)
        {
            sql.Append(" AND kind = $kind");
            command.Parameters.AddWithValue("$kind", (int)kind);
        }

        if (filter.Acknowledged is { } acknowledged)
        {
            sql.Append(acknowledged ? " AND acknowledged_utc IS NOT NULL" : " AND acknowledged_utc IS NULL");
        }

        if (filter.From is { } from)
        {
            sql.Append(" AND time >= $from");
            command.Parameters.AddWithValue("$from", ToMs(from));
        }

        if (filter.To is { } to)
        {
            sql.Append(" AND time < $to");
            command.Parameters.AddWithValue("$to", ToMs(to));
        }

        sql.Append(" ORDER BY time DESC, id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", Math.Clamp(filter.Limit, 1, 1000));
        command.CommandText = sql.ToString();
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> AcknowledgeAsync(long id, string by, DateTime atUtc, CancellationToken cancellationToken)
    {
        await using var connection = SqliteMigrations.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE alerts SET acknowledged_utc = COALESCE(acknowledged_utc, $at), acknowledged_by = COALESCE(acknowledged_by, $by) WHERE id = $id";
        command.Parameters.AddWithValue("$at", ToMs(atUtc));
        command.Parameters.AddWithValue("$by", by);
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<Alert>> UndeliveredAsync(CancellationToken cancellationToken)
    {
        await using var connection = SqliteMigrations.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, kind, time, client, grp, name, category, message, dedupe_key, acknowledged_utc, acknowledged_by, delivered, device FROM alerts WHERE delivered = 0 ORDER BY id";
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task MarkDeliveredAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = SqliteMigrations.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE alerts SET delivered = 1 WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<IReadOnlyList<Alert>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var alerts = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            alerts.Add(new Alert
            {
                Id = reader.GetInt64(0),
                Kind = (AlertKind)reader.GetInt32(1),
                TimeUtc = FromMs(reader.GetInt64(2)),
                Client = reader.GetString(3),
                Group = reader.IsDBNull(4) ? null : reader.GetString(4),
                Name = reader.IsDBNull(5) ? null : reader.GetString(5),
                Category = reader.IsDBNull(6) ? null : reader.GetString(6),
                Message = reader.GetString(7),
                DedupeKey = reader.GetString(8),
                AcknowledgedUtc = reader.IsDBNull(9) ? null : FromMs(reader.GetInt64(9)),
                AcknowledgedBy = reader.IsDBNull(10) ? null : reader.GetString(10),
                Delivered = reader.GetInt64(11) != 0,
                Device = reader.IsDBNull(12) ? null : reader.GetString(12),
            });
        }

        return alerts;
    }

    private static long ToMs(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static DateTime FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"alerts in {_path}");
}
