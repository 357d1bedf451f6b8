using System.Diagnostics;
using HomeFilter.Rules.Queries;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.QueryLog;

/// <summary>
/// Rollups gathered in memory over several batches and written every few seconds, one upsert per key instead of one
/// per key and batch (a household's names repeat all day, so this removes most of the rollup writes). Exact across
/// a crash: <c>rollup_state.row_id</c> says which rows the stored rollups include, and the next start adds the rows
/// after it from the rows themselves. Statistics reads write what is pending first, so they never lag the rows.
/// </summary>
public sealed partial class SqliteQueryLogStore
{
    private const int MaxPendingRollupKeys = 200_000;
    private readonly Dictionary<(long Hour, long Client, string Group), (long Queries, long Blocked)> _pendingHours = [];
    private readonly Dictionary<(long Day, long Client, string Group, long Name), (long Queries, long Blocked)> _pendingNames = [];
    private readonly Dictionary<(long Day, long Client, string Group, string Category), long> _pendingCategories = [];
    private long _pendingRollupsSince;
    private long _pendingRowId;

    private int PendingRollupKeys => _pendingHours.Count + _pendingNames.Count + _pendingCategories.Count;

    /// <summary>A committed batch's rollups join the pending ones.</summary>
    private void AddPendingRollups(
        Dictionary<(long Hour, long Client, string Group), (long Queries, long Blocked)> hours,
        Dictionary<(long Day, long Client, string Group, long Name), (long Queries, long Blocked)> names,
        Dictionary<(long Day, long Client, string Group, string Category), long> categories,
        long lastRowId)
    {
        if (PendingRollupKeys == 0)
        {
            _pendingRollupsSince = Stopwatch.GetTimestamp();
        }

        foreach (var (key, (queries, blocked)) in hours)
        {
            _pendingHours[key] = _pendingHours.TryGetValue(key, out var h) ? (h.Queries + queries, h.Blocked + blocked) : (queries, blocked);
        }

        foreach (var (key, (queries, blocked)) in names)
        {
            _pendingNames[key] = _pendingNames.TryGetValue(key, out var n) ? (n.Queries + queries, n.Blocked + blocked) : (queries, blocked);
        }

        foreach (var (key, blocked) in categories)
        {
            _pendingCategories[key] = _pendingCategories.GetValueOrDefault(key) + blocked;
        }

        _pendingRowId = Math.Max(_pendingRowId, lastRowId);
    }

    private bool RollupsDue => PendingRollupKeys > 0
        && (PendingRollupKeys >= MaxPendingRollupKeys || Stopwatch.GetElapsedTime(_pendingRollupsSince).TotalSeconds >= _options.RollupFlushSeconds);

    /// <summary>Writes the pending rollups and the row id they reach, inside <paramref name="transaction"/>; the caller clears them once it commits.</summary>
    private void WritePendingRollups(SqliteTransaction transaction, long rowId)
    {
        WriteRollups(transaction, _pendingHours, _pendingNames, _pendingCategories);
        Run(_setRollupRow!, transaction, Math.Max(rowId, _pendingRowId));
    }

    private void WriteRollups(
        SqliteTransaction transaction,
        Dictionary<(long Hour, long Client, string Group), (long Queries, long Blocked)> hours,
        Dictionary<(long Day, long Client, string Group, long Name), (long Queries, long Blocked)> names,
        Dictionary<(long Day, long Client, string Group, string Category), long> categories)
    {
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
    }

    private void ClearPendingRollups()
    {
        _pendingHours.Clear();
        _pendingNames.Clear();
        _pendingCategories.Clear();
    }

    /// <summary>Writes what is pending now (statistics reads, retention, shutdown); the caller holds the writer lock.</summary>
    private void FlushPendingRollups()
    {
        if (PendingRollupKeys == 0)
        {
            return;
        }

        var connection = Writer;
        PrepareCommands(connection);
        using var transaction = connection.BeginTransaction();
        WritePendingRollups(transaction, _pendingRowId);
        transaction.Commit();
        ClearPendingRollups();
    }

    /// <summary>Before a statistics read: the rollups include every stored row.</summary>
    private async Task FlushPendingRollupsAsync(CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writer is not null)
            {
                FlushPendingRollups();
            }
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>
    /// At start: rows after <c>rollup_state.row_id</c> were stored but their rollups were still in memory when the
    /// last run ended without a clean stop; they are added from the rows, so the statistics stay exact.
    /// </summary>
    private static void CatchUpRollups(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT row_id, (SELECT COALESCE(MAX(id), 0) FROM queries) FROM rollup_state";
        long covered, newest;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            covered = reader.GetInt64(0);
            newest = reader.GetInt64(1);
        }

        if (newest <= covered)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO rollup_hour SELECT time / 3600000, client_id, grp, COUNT(*), SUM(outcome = $blocked) FROM queries WHERE id > $covered
                GROUP BY 1, 2, 3 ON CONFLICT DO UPDATE SET queries = queries + excluded.queries, blocked = blocked + excluded.blocked;
            INSERT INTO rollup_day_name SELECT time / 86400000, client_id, grp, name_id, COUNT(*), SUM(outcome = $blocked) FROM queries WHERE id > $covered
                GROUP BY 1, 2, 3, 4 ON CONFLICT DO UPDATE SET queries = queries + excluded.queries, blocked = blocked + excluded.blocked;
            INSERT INTO rollup_day_category SELECT time / 86400000, client_id, grp, category, COUNT(*) FROM queries
                WHERE id > $covered AND outcome = $blocked AND category IS NOT NULL
                GROUP BY 1, 2, 3, 4 ON CONFLICT DO UPDATE SET blocked = blocked + excluded.blocked;
            UPDATE rollup_state SET row_id = $newest;
            """;
        command.Parameters.AddWithValue("$blocked", (int)QueryOutcome.Blocked);
        command.Parameters.AddWithValue("$covered", covered);
        command.Parameters.AddWithValue("$newest", newest);
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
