using HomeFilter.Storage.QueryLog;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.QueryLog;

public sealed partial class SqliteQueryLogStore
{
    /// <summary>Rows deleted per step: small enough that a batch of new rows never waits long behind a step.</summary>
    internal const int RetentionChunk = 5000;

    public async Task<RetentionResult> EnforceRetentionAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        // Pending rollups refer to names and clients that pruning would otherwise see as unused.
        await FlushPendingRollupsAsync(cancellationToken).ConfigureAwait(false);
        var now = ToUnixMs(nowUtc);
        var byAge = 0L;
        var cutoff = now - ((long)_options.RetentionDays * DayMs);
        while (true)
        {
            var deleted = await StepAsync(connection => DeleteOldest(connection, cutoff), cancellationToken).ConfigureAwait(false);
            byAge += deleted;
            if (deleted < RetentionChunk)
            {
                break;
            }
        }

        var rollupCutoffDay = (now / DayMs) - _options.RollupRetentionDays;
        await StepAsync(connection => DeleteOldRollups(connection, rollupCutoffDay), cancellationToken).ConfigureAwait(false);

        var limit = _options.MaxSizeMegabytes * 1024 * 1024;
        var bySize = 0L;
        var used = await StepAsync(UsedBytes, cancellationToken).ConfigureAwait(false);
        while (used > limit)
        {
            // Rows go first; when none are left, the oldest day of statistics: the size bound is a promise.
            var deleted = await StepAsync(connection => DeleteOldest(connection, long.MaxValue), cancellationToken).ConfigureAwait(false);
            bySize += deleted;
            if (deleted == 0 && await StepAsync(DeleteOldestRollupDay, cancellationToken).ConfigureAwait(false) == 0)
            {
                break;
            }

            await StepAsync(PruneDictionaries, cancellationToken).ConfigureAwait(false);
            used = await StepAsync(UsedBytes, cancellationToken).ConfigureAwait(false);
        }

        return new RetentionResult(byAge, bySize, used);
    }

    /// <summary>One short write under the writer lock; the lock is released between steps so batches go in between.</summary>
    private async Task<long> StepAsync(Func<SqliteConnection, long> step, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return step(Writer);
        }
        finally
        {
            _write.Release();
        }
    }

    private static long DeleteOldest(SqliteConnection connection, long beforeMs)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM queries WHERE id IN (SELECT id FROM queries WHERE time < $before ORDER BY time LIMIT $chunk)";
        command.Parameters.AddWithValue("$before", beforeMs);
        command.Parameters.AddWithValue("$chunk", RetentionChunk);
        return command.ExecuteNonQuery();
    }

    private static long DeleteOldestRollupDay(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(day) FROM rollup_day_name";
        if (command.ExecuteScalar() is not long day)
        {
            return 0;
        }

        return DeleteOldRollups(connection, day + 1);
    }

    /// <summary>Names and clients no row or rollup refers to any more (their cached ids are forgotten too).</summary>
    private long PruneDictionaries(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM names WHERE id NOT IN (SELECT name_id FROM queries UNION SELECT name_id FROM rollup_day_name);
            DELETE FROM clients WHERE id NOT IN (SELECT client_id FROM queries UNION SELECT client_id FROM rollup_hour UNION SELECT client_id FROM rollup_day_name UNION SELECT client_id FROM rollup_day_category);
            """;
        var deleted = command.ExecuteNonQuery();
        if (deleted > 0)
        {
            _nameIds.Clear();
            _clientIds.Clear();
        }

        return deleted;
    }

    private static long DeleteOldRollups(SqliteConnection connection, long beforeDay)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM rollup_hour WHERE hour < $day * 24;
            DELETE FROM rollup_day_name WHERE day < $day;
            DELETE FROM rollup_day_category WHERE day < $day;
            DELETE FROM gaps WHERE time_to < $day * 86400000;
            """;
        command.Parameters.AddWithValue("$day", beforeDay);
        return command.ExecuteNonQuery();
    }

    /// <summary>Pages in use: freed pages are reused by later rows, so this, not the file size, is what must stay under the limit.</summary>
    private static long UsedBytes(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()), (SELECT page_size FROM pragma_page_size())";
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) * reader.GetInt64(1);
    }
}
