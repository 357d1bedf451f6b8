using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Resolver.Pipeline;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.QueryLog;

public sealed partial class SqliteQueryLogStore
{
    private const int MaxCachedIds = 200_000;
    private const long HourMs = 3_600_000;
    private const long DayMs = 86_400_000;
    private readonly Dictionary<string, long> _nameIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _clientIds = new(StringComparer.Ordinal);
    private SqliteCommand? _insertRow;
    private SqliteCommand? _insertName;
    private SqliteCommand? _insertClient;
    private SqliteCommand? _upsertHour;
    private SqliteCommand? _upsertDayName;
    private SqliteCommand? _upsertDayCategory;

    public async Task AppendAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Append(batch);
        }
        finally
        {
            _write.Release();
        }
    }

    private void Append(IReadOnlyList<QueryLogRecord> batch)
    {
        var connection = Writer;
        PrepareCommands(connection);
        var hours = new Dictionary<(long Hour, long Client, string Group), (long Queries, long Blocked)>();
        var names = new Dictionary<(long Day, long Client, string Group, long Name), (long Queries, long Blocked)>();
        var categories = new Dictionary<(long Day, long Client, string Group, string Category), long>();
        using var transaction = connection.BeginTransaction();
        try
        {
            foreach (var record in batch)
            {
                var time = ToUnixMs(record.TimeUtc);
                var client = IdOf(_clientIds, _insertClient!, transaction, record.Client, null);
                var name = IdOf(_nameIds, _insertName!, transaction, record.Name, Reverse(record.Name));
                var group = record.Group ?? "";
                var blocked = record.Outcome == QueryOutcome.Blocked ? 1 : 0;
                InsertRow(transaction, record, time, client, name, group);

                var hourKey = (time / HourMs, client, group);
                hours[hourKey] = hours.TryGetValue(hourKey, out var h) ? (h.Queries + 1, h.Blocked + blocked) : (1, blocked);
                var nameKey = (time / DayMs, client, group, name);
                names[nameKey] = names.TryGetValue(nameKey, out var n) ? (n.Queries + 1, n.Blocked + blocked) : (1, blocked);
                if (blocked == 1 && record.Category is { } category)
                {
                    var categoryKey = (time / DayMs, client, group, category);
                    categories[categoryKey] = categories.GetValueOrDefault(categoryKey) + 1;
                }
            }

            foreach (var ((hour, client, group), (queries, blocked)) in hours)
            {
                Run(_upsertHour!, transaction, hour, client, group, queries, blocked);
            }

            foreach (var ((day, client, group, name), (queries, blocked)) in names)
            {
                Run(_upsertDayName!, transaction, day, client, group, name, queries, blocked);
            }

            foreach (var ((day, client, group, category), blocked) in categories)
            {
                Run(_upsertDayCategory!, transaction, day, client, group, category, blocked);
            }

            transaction.Commit();
        }
        catch
        {
            // Ids cached during a rolled-back batch may not exist.
            _nameIds.Clear();
            _clientIds.Clear();
            throw;
        }
    }

    private void InsertRow(SqliteTransaction transaction, QueryLogRecord record, long time, long client, long name, string group)
    {
        var command = _insertRow!;
        command.Transaction = transaction;
        var p = command.Parameters;
        p[0].Value = time;
        p[1].Value = client;
        p[2].Value = group;
        p[3].Value = name;
        p[4].Value = (int)record.Type;
        p[5].Value = (int)record.Outcome;
        p[6].Value = (object?)record.Category ?? DBNull.Value;
        p[7].Value = (object?)record.Rule ?? DBNull.Value;
        p[8].Value = (object?)record.Upstream ?? DBNull.Value;
        p[9].Value = record.UpstreamMicroseconds;
        p[10].Value = record.DurationMicroseconds;
        p[11].Value = record.ResponseCode;
        p[12].Value = record.Answers.Count == 0 ? DBNull.Value : string.Join(' ', record.Answers);
        p[13].Value = record.Generation;
        command.ExecuteNonQuery();
    }

    private static long IdOf(Dictionary<string, long> cache, SqliteCommand insert, SqliteTransaction transaction, string key, string? reversed)
    {
        if (cache.TryGetValue(key, out var id))
        {
            return id;
        }

        if (cache.Count >= MaxCachedIds)
        {
            cache.Clear();
        }

        insert.Transaction = transaction;
        insert.Parameters[0].Value = key;
        if (reversed is not null)
        {
            insert.Parameters[1].Value = reversed;
        }

        id = (long)insert.ExecuteScalar()!;
        cache[key] = id;
        return id;
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    private void PrepareCommands(SqliteConnection connection)
    {
        if (_insertRow is not null)
        {
            return;
        }

        _insertRow = Command(connection, "INSERT INTO queries(time, client_id, grp, name_id, type, outcome, category, rule, upstream, upstream_us, duration_us, rcode, answers, generation) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)", 14);
        // The no-op update makes RETURNING give the id of an existing row too.
        _insertName = Command(connection, "INSERT INTO names(name, reversed) VALUES ($1,$2) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id", 2);
        _insertClient = Command(connection, "INSERT INTO clients(address) VALUES ($1) ON CONFLICT(address) DO UPDATE SET address = excluded.address RETURNING id", 1);
        _upsertHour = Command(connection, "INSERT INTO rollup_hour VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO UPDATE SET queries = queries + excluded.queries, blocked = blocked + excluded.blocked", 5);
        _upsertDayName = Command(connection, "INSERT INTO rollup_day_name VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO UPDATE SET queries = queries + excluded.queries, blocked = blocked + excluded.blocked", 6);
        _upsertDayCategory = Command(connection, "INSERT INTO rollup_day_category VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO UPDATE SET blocked = blocked + excluded.blocked", 5);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
        }

        return command;
    }

    private void DisposeCommands()
    {
        foreach (var command in new[] { _insertRow, _insertName, _insertClient, _upsertHour, _upsertDayName, _upsertDayCategory })
        {
            command?.Dispose();
        }

        _insertRow = null;
    }
}
