using System.Globalization;
using HomeFilter.Storage.Postgres.Common;
using Npgsql;

namespace HomeFilter.Storage.Postgres.QueryLog;

/// <summary>
/// One partition of <c>queries</c> per UTC day, <c>queries_yyyymmdd</c>, made when a day is first needed (today and
/// tomorrow at start, and any day a batch reaches that has none) under a transaction advisory lock, so branches making
/// the same day at once make it once. The days known to exist are cached; a partition dropped by another process
/// shows as a failed copy, which clears the cache and is retried once.
/// </summary>
public sealed partial class PostgresQueryLogStore
{
    private const long PartitionLockKey = 0x486F_6D65_5061_7274; // "HomePart"
    private readonly HashSet<long> _partitionDays = [];

    internal readonly record struct Partition(string Name, long Day, long Bytes);

    /// <summary>The partition of a Unix day number: <c>queries_yyyymmdd</c>.</summary>
    public static string PartitionName(long day) =>
        "queries_" + UnixTime.FromMs(day * UnixTime.DayMs).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static bool TryParseDay(string name, out long day)
    {
        day = 0;
        if (!name.StartsWith("queries_", StringComparison.Ordinal)
            || !DateTime.TryParseExact(name.AsSpan(8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            return false;
        }

        day = UnixTime.ToMs(date) / UnixTime.DayMs;
        return true;
    }

    /// <summary>The day partitions, oldest first, with their size on disk (table and indexes).</summary>
    internal static async Task<List<Partition>> ListPartitionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT c.relname::text, pg_total_relation_size(c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'queries'::regclass
            """, connection);
        var partitions = new List<Partition>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (TryParseDay(reader.GetString(0), out var day))
                {
                    partitions.Add(new Partition(reader.GetString(0), day, reader.GetInt64(1)));
                }
            }
        }

        partitions.Sort((a, b) => a.Day.CompareTo(b.Day));
        return partitions;
    }

    private async Task LoadPartitionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        _partitionDays.Clear();
        foreach (var partition in await ListPartitionsAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            _partitionDays.Add(partition.Day);
        }
    }

    /// <summary>Makes the partitions of <paramref name="days"/> that are not known to exist; the caller holds the write lock.</summary>
    private async Task EnsurePartitionsAsync(IEnumerable<long> days, CancellationToken cancellationToken)
    {
        List<long>? missing = null;
        foreach (var day in days)
        {
            if (!_partitionDays.Contains(day))
            {
                (missing ??= []).Add(day);
            }
        }

        if (missing is null)
        {
            return;
        }

        missing.Sort();
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresMigrations.ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({PartitionLockKey})", cancellationToken).ConfigureAwait(false);
        foreach (var day in missing)
        {
            var from = (day * UnixTime.DayMs).ToString(CultureInfo.InvariantCulture);
            var to = ((day + 1) * UnixTime.DayMs).ToString(CultureInfo.InvariantCulture);
            await PostgresMigrations.ExecuteAsync(connection, transaction, $"CREATE TABLE IF NOT EXISTS {PartitionName(day)} PARTITION OF queries FOR VALUES FROM ({from}) TO ({to})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var day in missing)
        {
            _partitionDays.Add(day);
        }
    }
}
