using HomeFilter.Storage.QueryLog;
using HomeFilter.Rules.Queries;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.QueryLog;

public sealed partial class SqliteQueryLogStore
{
    private const int MaxCachedIds = 200_000;
    private const long HourMs = 3_600_000;
    private const long DayMs = 86_400_000;
    private readonly Dictionary<string, long> _nameIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClientEntry> _clientIds = new(StringComparer.Ordinal);
    private readonly List<ClientEntry> _batchClients = [];
    private long _batchNumber;
    private QueryRowInserter? _rows;
    private SqliteCommand? _insertName;
    private SqliteCommand? _insertClient;
    private SqliteCommand? _updateClientSeen;
    private SqliteCommand? _upsertHour;
    private SqliteCommand? _upsertDayName;
    private SqliteCommand? _upsertDayCategory;
    private SqliteCommand? _setRollupRow;
    private SqliteCommand? _lastRowId;

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
        _batchClients.Clear();
        var batchNumber = ++_batchNumber;
        using var transaction = connection.BeginTransaction();
        try
        {
            var progress = BranchProgress.Read(connection, transaction, batch);
            foreach (var record in batch)
            {
                if (progress is not null && !progress.Keep(record))
                {
                    continue;
                }

                var time = ToUnixMs(record.TimeUtc);
                var group = record.Group ?? "";
                var entry = ClientOf(transaction, record.Client);
                entry.See(batchNumber, time, group, _batchClients);
                var client = entry.Id;
                var name = IdOf(_nameIds, _insertName!, transaction, record.Name, reverse: true);
                var blocked = record.Outcome == QueryOutcome.Blocked ? 1 : 0;
                AddRow(record, time, client, name, group);

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

            foreach (var entry in _batchClients)
            {
                Run(_updateClientSeen!, transaction, entry.Id, entry.First, entry.Last, entry.Group);
            }

            progress?.Save(connection, transaction);
            _lastRowId!.Transaction = transaction;
            var lastRowId = (long)_lastRowId.ExecuteScalar()!;
            var flushRollups = RollupsDue || PendingRollupKeys + hours.Count + names.Count >= MaxPendingRollupKeys;
            if (flushRollups)
            {
                // The pending rollups, this batch's and the row they reach go in with the rows, all or nothing.
                WriteRollups(transaction, hours, names, categories);
                WritePendingRollups(transaction, lastRowId);
            }

            transaction.Commit();
            if (flushRollups)
            {
                ClearPendingRollups();
            }
            else
            {
                AddPendingRollups(hours, names, categories, lastRowId);
            }
        }
        catch
        {
            // Ids cached during a rolled-back batch may not exist.
            _nameIds.Clear();
            _clientIds.Clear();
            throw;
        }
    }

    private void AddRow(QueryLogRecord record, long time, long client, long name, string group) =>
        _rows!.Insert(time, client, group, name, record.Type, (int)record.Outcome, record.Category, record.Rule, record.Upstream,
            record.UpstreamMicroseconds, record.DurationMicroseconds, record.ResponseCode, record.Answers, record.Generation, record.Device, record.Mac, record.ClientId, record.Branch, record.Sequence);

    /// <summary>The cached client (its id and what this batch saw of it), inserted on first sight.</summary>
    private ClientEntry ClientOf(SqliteTransaction transaction, string address)
    {
        if (_clientIds.TryGetValue(address, out var entry))
        {
            return entry;
        }

        if (_clientIds.Count >= MaxCachedIds)
        {
            _clientIds.Clear();
        }

        _insertClient!.Transaction = transaction;
        _insertClient.Parameters[0].Value = address;
        entry = new ClientEntry((long)_insertClient.ExecuteScalar()!);
        _clientIds[address] = entry;
        return entry;
    }

    private static long IdOf(Dictionary<string, long> cache, SqliteCommand insert, SqliteTransaction transaction, string key, bool reverse)
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
        if (reverse)
        {
            // Only for a name not seen before: the reversed copy is for suffix searches.
            insert.Parameters[1].Value = Reverse(key);
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
        if (_rows is not null)
        {
            return;
        }

        _rows = new QueryRowInserter(connection);
        // The no-op update makes RETURNING give the id of an existing row too.
        _insertName = Command(connection, "INSERT INTO names(name, reversed) VALUES ($1,$2) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id", 2);
        _insertClient = Command(connection, "INSERT INTO clients(address) VALUES ($1) ON CONFLICT(address) DO UPDATE SET address = excluded.address RETURNING id", 1);
        // SET expressions read the old row, so the group follows the latest row even when batches arrive out of order.
        _updateClientSeen = Command(connection, """
            UPDATE clients SET first_seen = MIN(COALESCE(first_seen, $2), $2),
                grp = CASE WHEN last_seen IS NULL OR $3 >= last_seen THEN $4 ELSE grp END,
                last_seen = MAX(COALESCE(last_seen, $3), $3)
            WHERE id = $1
            """, 4);
        _upsertHour = Command(connection, "INSERT INTO rollup_hour VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO UPDATE SET queries = queries + excluded.queries, blocked = blocked + excluded.blocked", 5);
        _upsertDayName = Command(connection, "INSERT INTO rollup_day_name VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO UPDATE SET queries = queries + excluded.queries, blocked = blocked + excluded.blocked", 6);
        _upsertDayCategory = Command(connection, "INSERT INTO rollup_day_category VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO UPDATE SET blocked = blocked + excluded.blocked", 5);
        _setRollupRow = Command(connection, "UPDATE rollup_state SET row_id = MAX(row_id, $1)", 1);
        _lastRowId = Command(connection, "SELECT last_insert_rowid()", 0);
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
        _rows?.Dispose();
        _rows = null;
        foreach (var command in new[] { _insertName, _insertClient, _updateClientSeen, _upsertHour, _upsertDayName, _upsertDayCategory, _setRollupRow, _lastRowId })
        {
            command?.Dispose();
        }
    }

    /// <summary>
    /// A cached client id with what the current batch saw of it: first and last time and the group of the latest row,
    /// kept on the entry the row lookup already returns, so a row costs a few compares more, not another lookup.
    /// </summary>
    private sealed class ClientEntry(long id)
    {
        public long Id { get; } = id;

        public long First { get; private set; }

        public long Last { get; private set; }

        public string Group { get; private set; } = "";

        private long _batch;

        public void See(long batch, long time, string group, List<ClientEntry> touched)
        {
            if (_batch != batch)
            {
                _batch = batch;
                First = time;
                Last = time;
                Group = group;
                touched.Add(this);
                return;
            }

            if (time < First)
            {
                First = time;
            }

            if (time >= Last)
            {
                Last = time;
                Group = group;
            }
        }
    }
}
