using System.Text;
using HomeFilter.Storage.Audit;

namespace HomeFilter.Storage.Sqlite.Admin;

public sealed partial class SqliteAdminStore
{
    public async Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO audit(time, actor, address, action, target, before, after) VALUES ($t, $a, $ad, $ac, $tg, $b, $af) RETURNING id";
            command.Parameters.AddWithValue("$t", ToMs(entry.TimeUtc));
            command.Parameters.AddWithValue("$a", entry.Actor);
            command.Parameters.AddWithValue("$ad", (object?)entry.Address ?? DBNull.Value);
            command.Parameters.AddWithValue("$ac", entry.Action);
            command.Parameters.AddWithValue("$tg", (object?)entry.Target ?? DBNull.Value);
            command.Parameters.AddWithValue("$b", (object?)entry.Before ?? DBNull.Value);
            command.Parameters.AddWithValue("$af", (object?)entry.After ?? DBNull.Value);
            var id = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return entry with { Id = id };
        }
        finally
        {
            _gate.Release();
        }
    }

    async Task<IReadOnlyList<AuditEntry>> IAuditStore.ListAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT id, time, actor, address, action, target, before, after FROM audit WHERE 1 = 1");
        if (filter.Actor is not null)
        {
            sql.Append(" AND actor = $actor");
            command.Parameters.AddWithValue("$actor", filter.Actor);
        }

        if (filter.Action is not null)
        {
            sql.Append(" AND action = $action");
            command.Parameters.AddWithValue("$action", filter.Action);
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

        if (filter.Before is { } before)
        {
            sql.Append(" AND id < $before");
            command.Parameters.AddWithValue("$before", before);
        }

        sql.Append(" ORDER BY id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", Math.Clamp(filter.Limit, 1, AuditFilter.MaxLimit));
        command.CommandText = sql.ToString();
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry
            {
                Id = reader.GetInt64(0),
                TimeUtc = FromMs(reader.GetInt64(1)),
                Actor = reader.GetString(2),
                Address = reader.IsDBNull(3) ? null : reader.GetString(3),
                Action = reader.GetString(4),
                Target = reader.IsDBNull(5) ? null : reader.GetString(5),
                Before = reader.IsDBNull(6) ? null : reader.GetString(6),
                After = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }

        return entries;
    }
}
