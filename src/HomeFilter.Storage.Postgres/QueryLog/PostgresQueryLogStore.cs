using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HomeFilter.Storage.Postgres.QueryLog;

/// <summary>
/// The query log in PostgreSQL, for a network of branches writing into one database. Appends from this instance are
/// serialised (its name and client caches are per instance); any number of instances (branches) append at once, each
/// batch one transaction on its own pooled connection. Reads run beside the writers. Split by job over several files.
/// </summary>
public sealed partial class PostgresQueryLogStore : IQueryLogStore
{
    private readonly PostgresDatabase _database;
    private readonly QueryLogOptions _options;
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly TimeProvider _time;
    private volatile bool _initialized;

    public PostgresQueryLogStore(PostgresDatabase database, IOptions<QueryLogOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _options = options.Value;
        _time = time ?? TimeProvider.System;
    }

    private NpgsqlDataSource DataSource => _database.DataSource;

    /// <summary>Migrates the schema and makes today's and tomorrow's partitions; idempotent, and fails at once when the server cannot be reached.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(_database, cancellationToken).ConfigureAwait(false);
        var today = UnixTime.ToMs(_time.GetUtcNow().UtcDateTime) / UnixTime.DayMs;
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LoadPartitionsAsync(cancellationToken).ConfigureAwait(false);
            await EnsurePartitionsAsync([today, today + 1], cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>Applies the query log's migrations (the <c>store migrate</c> command uses this too).</summary>
    public static Task<PostgresMigrations.Result> MigrateAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return PostgresMigrations.ApplyAsync(database.DataSource, QueryLogSchema.Component, QueryLogSchema.Migrations, cancellationToken);
    }

    public async Task<QueryLogStoreInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var partitions = await ListPartitionsAsync(connection, cancellationToken).ConfigureAwait(false);
        long bytes = 0;
        foreach (var partition in partitions)
        {
            bytes += partition.Bytes;
        }

        // An exact count of a big log would read all of it; past 64 MiB the planner's estimate is close enough for a size display.
        var countSql = bytes <= 64L * 1024 * 1024
            ? "SELECT COUNT(*) FROM queries"
            : "SELECT COALESCE(SUM(GREATEST(c.reltuples, 0)), 0)::bigint FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'queries'::regclass";
        await using var command = new NpgsqlCommand($"""
            SELECT ({countSql}),
                   (SELECT time FROM queries ORDER BY time LIMIT 1),
                   (SELECT time FROM queries ORDER BY time DESC, id DESC LIMIT 1),
                   (SELECT id FROM queries ORDER BY time DESC, id DESC LIMIT 1),
                   pg_database_size(current_database())
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        DateTime? oldest = reader.IsDBNull(1) ? null : UnixTime.FromMs(reader.GetInt64(1));
        DateTime? newest = reader.IsDBNull(2) ? null : UnixTime.FromMs(reader.GetInt64(2));
        var newestId = reader.IsDBNull(3) ? 0 : reader.GetInt64(3);
        return new QueryLogStoreInfo(reader.GetInt64(0), oldest, newest, bytes, reader.GetInt64(4), newestId);
    }

    public ValueTask DisposeAsync()
    {
        // The data source is shared and owned by the container.
        _write.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal static string Reverse(string name)
    {
        var characters = name.ToCharArray();
        Array.Reverse(characters);
        return new string(characters);
    }

    public override string ToString() => "query log in PostgreSQL " + _database.Describe();
}
