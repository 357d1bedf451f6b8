using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.QueryLog;
using Npgsql;
using NpgsqlTypes;

namespace HomeFilter.Storage.Postgres.QueryLog;

/// <summary>
/// One batch = one transaction: rows already held for their branch (<see cref="QueryLogRecord.Sequence"/> at or below
/// <c>branch_progress.last_sequence</c>, locked for the transaction) are skipped, the rest go in by binary COPY, and
/// the batch's rollups, aggregated in memory, go in set-based (<c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO
/// UPDATE</c>), with the clients' first/last seen and the branches' progress. New names and client addresses are
/// added before the transaction, in sorted order and committed at once, so branches adding the same name never hold
/// each other up for a whole batch (an unused dictionary entry left by a failed batch is harmless).
/// </summary>
public sealed partial class PostgresQueryLogStore
{
    private const int MaxCachedIds = 200_000;
    private const string CopyRows = "COPY queries(time, address_id, grp, name_id, type, outcome, category, rule, upstream, upstream_us, duration_us, rcode, answers, generation, device, mac, client_id, branch, sequence) FROM STDIN (FORMAT BINARY)";
    private readonly Dictionary<string, long> _nameIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _clientIds = new(StringComparer.Ordinal);

    public async Task AppendAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                await AppendOnceAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
            {
                // "No partition of relation found for row": another process's retention dropped a day this one had cached.
                await LoadPartitionsAsync(cancellationToken).ConfigureAwait(false);
                await AppendOnceAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task AppendOnceAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken)
    {
        var days = new HashSet<long>();
        foreach (var record in batch)
        {
            days.Add(UnixTime.ToMs(record.TimeUtc) / UnixTime.DayMs);
        }

        await EnsurePartitionsAsync(days, cancellationToken).ConfigureAwait(false);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ResolveIdsAsync(connection, batch, cancellationToken).ConfigureAwait(false);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var progress = await LockProgressAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        var hours = new Dictionary<RollupHourKey, (long Queries, long Blocked)>();
        var names = new Dictionary<RollupNameKey, (long Queries, long Blocked)>();
        var categories = new Dictionary<RollupCategoryKey, long>();
        var seen = new Dictionary<(string Branch, long Client), (long First, long Last, string Group)>();
        var copied = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(CopyRows, cancellationToken).ConfigureAwait(false))
        {
            foreach (var record in batch)
            {
                if (!Keep(record, progress))
                {
                    continue;
                }

                var time = UnixTime.ToMs(record.TimeUtc);
                var group = record.Group ?? "";
                var client = _clientIds[record.Client];
                var name = _nameIds[record.Name];
                await WriteRowAsync(importer, record, time, client, group, name, cancellationToken).ConfigureAwait(false);
                copied++;

                var blocked = record.Outcome == QueryOutcome.Blocked ? 1 : 0;
                var branch = record.Branch ?? "";
                var hourKey = new RollupHourKey(time / UnixTime.HourMs, client, group, branch);
                hours[hourKey] = hours.TryGetValue(hourKey, out var h) ? (h.Queries + 1, h.Blocked + blocked) : (1, blocked);
                var nameKey = new RollupNameKey(time / UnixTime.DayMs, client, group, name, branch);
                names[nameKey] = names.TryGetValue(nameKey, out var n) ? (n.Queries + 1, n.Blocked + blocked) : (1, blocked);
                if (blocked == 1 && record.Category is { } category)
                {
                    var categoryKey = new RollupCategoryKey(time / UnixTime.DayMs, client, group, category, branch);
                    categories[categoryKey] = categories.GetValueOrDefault(categoryKey) + 1;
                }

                // The group follows the latest row, even when batches arrive out of order (the UPDATE compares with the stored last seen).
                seen[(branch, client)] = seen.TryGetValue((branch, client), out var s)
                    ? (Math.Min(s.First, time), Math.Max(s.Last, time), time >= s.Last ? group : s.Group)
                    : (time, time, group);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (copied > 0)
        {
            await WriteRollupsAsync(connection, transaction, hours, names, categories, cancellationToken).ConfigureAwait(false);
            await UpdateClientsAsync(connection, transaction, seen, cancellationToken).ConfigureAwait(false);
        }

        await SaveProgressAsync(connection, transaction, progress, cancellationToken).ConfigureAwait(false);
        if (copied > 0)
        {
            // Last before the commit: its rows are shared by every branch, so their locks are held for the commit alone.
            await WriteNetworkRollupAsync(connection, transaction, names, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask WriteRowAsync(NpgsqlBinaryImporter importer, QueryLogRecord record, long time, long client, string group, long name, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(time, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(client, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(group, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(name, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync((int)record.Type, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync((short)record.Outcome, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
        await TextAsync(importer, record.Category, cancellationToken).ConfigureAwait(false);
        await TextAsync(importer, record.Rule, cancellationToken).ConfigureAwait(false);
        await TextAsync(importer, record.Upstream, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(record.UpstreamMicroseconds, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(record.DurationMicroseconds, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync((short)record.ResponseCode, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
        await TextAsync(importer, record.Answers.Count == 0 ? null : string.Join(' ', record.Answers), cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(record.Generation, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
        await TextAsync(importer, record.Device, cancellationToken).ConfigureAwait(false);
        await TextAsync(importer, record.Mac, cancellationToken).ConfigureAwait(false);
        await TextAsync(importer, record.ClientId, cancellationToken).ConfigureAwait(false);
        await TextAsync(importer, record.Branch, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(record.Sequence, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
    }

    private static Task TextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    /// <summary>Ids for the batch's names and client addresses not cached yet, added where missing (sorted: no two writers wait on each other in a cycle).</summary>
    private async Task ResolveIdsAsync(NpgsqlConnection connection, IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken)
    {
        var newNames = new SortedSet<string>(StringComparer.Ordinal);
        var newClients = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var record in batch)
        {
            if (!_nameIds.ContainsKey(record.Name))
            {
                newNames.Add(record.Name);
            }

            if (!_clientIds.ContainsKey(record.Client))
            {
                newClients.Add(record.Client);
            }
        }

        if (newNames.Count > 0)
        {
            if (_nameIds.Count + newNames.Count > MaxCachedIds)
            {
                _nameIds.Clear();
            }

            var list = newNames.ToArray();
            var reversed = Array.ConvertAll(list, Reverse);
            await FetchIdsAsync(connection, """
                INSERT INTO names(name, reversed) SELECT n, r FROM unnest($1::text[], $2::text[]) AS u(n, r) ORDER BY n ON CONFLICT (name) DO NOTHING;
                SELECT id, name FROM names WHERE name = ANY($1)
                """, list, reversed, _nameIds, cancellationToken).ConfigureAwait(false);
        }

        if (newClients.Count > 0)
        {
            if (_clientIds.Count + newClients.Count > MaxCachedIds)
            {
                _clientIds.Clear();
            }

            await FetchIdsAsync(connection, """
                INSERT INTO clients(address) SELECT a FROM unnest($1::text[]) AS u(a) ORDER BY a ON CONFLICT (address) DO NOTHING;
                SELECT id, address FROM clients WHERE address = ANY($1)
                """, newClients.ToArray(), null, _clientIds, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task FetchIdsAsync(NpgsqlConnection connection, string sql, string[] keys, string[]? extra, Dictionary<string, long> cache, CancellationToken cancellationToken)
    {
        var statements = sql.Split(';', 2);
        await using var batch = new NpgsqlBatch(connection);
        var insert = new NpgsqlBatchCommand(statements[0]);
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
        if (extra is not null)
        {
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = extra });
        }

        var select = new NpgsqlBatchCommand(statements[1]);
        select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            cache[reader.GetString(1)] = reader.GetInt64(0);
        }
    }

    private static string BranchKey(QueryLogRecord record) => record.Branch ?? "";

    private static bool Keep(QueryLogRecord record, Dictionary<string, BranchProgress>? progress)
    {
        if (record.Sequence <= 0 || progress is null)
        {
            return true;
        }

        var entry = progress[BranchKey(record)];
        if (record.Sequence <= entry.Stored)
        {
            return false;
        }

        entry.Highest = Math.Max(entry.Highest, record.Sequence);
        return true;
    }

    /// <summary>The numbered branches' progress rows, locked until the batch commits (a batch of the same branch shipped twice at once waits, then skips).</summary>
    private static async Task<Dictionary<string, BranchProgress>?> LockProgressAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken)
    {
        var branches = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var record in batch)
        {
            if (record.Sequence > 0)
            {
                branches.Add(BranchKey(record));
            }
        }

        if (branches.Count == 0)
        {
            return null;
        }

        var keys = branches.ToArray();
        await using var command = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand("INSERT INTO branch_progress SELECT b, 0 FROM unnest($1::text[]) AS u(b) ORDER BY b ON CONFLICT DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
        var select = new NpgsqlBatchCommand("SELECT branch, last_sequence FROM branch_progress WHERE branch = ANY($1) ORDER BY branch FOR UPDATE");
        select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
        command.BatchCommands.Add(insert);
        command.BatchCommands.Add(select);
        var progress = new Dictionary<string, BranchProgress>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var stored = reader.GetInt64(1);
            progress[reader.GetString(0)] = new BranchProgress { Stored = stored, Highest = stored };
        }

        return progress;
    }

    private static async Task SaveProgressAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<string, BranchProgress>? progress, CancellationToken cancellationToken)
    {
        if (progress is null)
        {
            return;
        }

        var branches = new List<string>();
        var sequences = new List<long>();
        foreach (var (branch, entry) in progress)
        {
            if (entry.Highest > entry.Stored)
            {
                branches.Add(branch);
                sequences.Add(entry.Highest);
            }
        }

        if (branches.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "UPDATE branch_progress p SET last_sequence = GREATEST(p.last_sequence, u.s) FROM unnest($1::text[], $2::bigint[]) AS u(b, s) WHERE p.branch = u.b",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. branches] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. sequences] });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class BranchProgress
    {
        public long Stored { get; init; }

        public long Highest { get; set; }
    }
}
