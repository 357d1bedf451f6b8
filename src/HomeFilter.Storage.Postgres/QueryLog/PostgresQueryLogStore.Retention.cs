using System.Globalization;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.QueryLog;
using Npgsql;

namespace HomeFilter.Storage.Postgres.QueryLog;

/// <summary>
/// Retention drops whole day partitions: no row-by-row delete, no dead rows for vacuum, the space back at once. By
/// age, every partition that ends before the cutoff goes, and the rows before the cutoff in the day that holds it
/// are deleted (so the age limit is as exact as SQLite's). By size (<c>MaxSizeMegabytes</c> over the partitions' table
/// and index bytes), the oldest partitions go while the log is over the limit, never the one with the newest row;
/// so the size limit is kept to a day's worth of rows. Rollups and gaps are pruned by their own age. Names and
/// clients are kept (devices' first and last seen outlive the rows; a names table is small beside the rows).
/// </summary>
public sealed partial class PostgresQueryLogStore
{
    public async Task<RetentionResult> EnforceRetentionAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var now = UnixTime.ToMs(nowUtc);
        var cutoff = now - ((long)_options.RetentionDays * UnixTime.DayMs);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var byAge = 0L;
        var partitions = await ListPartitionsAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var partition in partitions)
        {
            if ((partition.Day + 1) * UnixTime.DayMs <= cutoff)
            {
                byAge += await DropAsync(connection, partition, cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var boundary = new NpgsqlCommand("DELETE FROM queries WHERE time < $1", connection))
        {
            boundary.Parameters.AddWithValue(cutoff);
            byAge += await boundary.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var rollupCutoffDay = (now / UnixTime.DayMs) - _options.RollupRetentionDays;
        await using (var rollups = new NpgsqlCommand("""
            DELETE FROM rollup_hour WHERE hour < @day * 24;
            DELETE FROM rollup_day_name WHERE day < @day;
            DELETE FROM rollup_day_network_name WHERE day < @day;
            DELETE FROM rollup_day_category WHERE day < @day;
            DELETE FROM gaps WHERE time_to < @day * 86400000;
            """, connection))
        {
            rollups.Parameters.AddWithValue("day", rollupCutoffDay);
            await rollups.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var limit = _options.MaxSizeMegabytes * 1024 * 1024;
        var bySize = 0L;
        partitions = await ListPartitionsAsync(connection, cancellationToken).ConfigureAwait(false);
        var used = Used(partitions);
        var newestDay = await NewestDayAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var partition in partitions)
        {
            if (used <= limit || newestDay is null || partition.Day >= newestDay)
            {
                break;
            }

            bySize += await DropAsync(connection, partition, cancellationToken).ConfigureAwait(false);
            used -= partition.Bytes;
        }

        if (bySize > 0)
        {
            used = Used(await ListPartitionsAsync(connection, cancellationToken).ConfigureAwait(false));
        }

        return new RetentionResult(byAge, bySize, used);
    }

    private static long Used(List<Partition> partitions)
    {
        long used = 0;
        foreach (var partition in partitions)
        {
            used += partition.Bytes;
        }

        return used;
    }

    private static async Task<long?> NewestDayAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT time / 86400000 FROM queries ORDER BY time DESC LIMIT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long day ? day : null;
    }

    /// <summary>Drops one day's partition and says how many rows it held.</summary>
    private async Task<long> DropAsync(NpgsqlConnection connection, Partition partition, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long rows;
        await using (var count = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"SELECT COUNT(*) FROM {partition.Name}"), connection, transaction))
        {
            rows = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await PostgresMigrations.ExecuteAsync(connection, transaction, $"DROP TABLE IF EXISTS {partition.Name}", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _partitionDays.Remove(partition.Day);
        }
        finally
        {
            _write.Release();
        }

        return rows;
    }
}
