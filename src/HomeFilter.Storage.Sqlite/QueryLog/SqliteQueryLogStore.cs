using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace HomeFilter.Storage.Sqlite.QueryLog;

/// <summary>
/// The embedded query log: one SQLite file (WAL) in the data directory. One writer connection, guarded so a
/// batch and a retention step never interleave; every read opens its own connection, so searches run beside
/// the writer. Split by job over several files: appending, searching, statistics, retention.
/// </summary>
public sealed partial class SqliteQueryLogStore : IQueryLogStore
{
    private readonly string _path;
    private readonly QueryLogOptions _options;
    private readonly SemaphoreSlim _write = new(1, 1);
    private SqliteConnection? _writer;

    public SqliteQueryLogStore(string path, IOptions<QueryLogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        _path = System.IO.Path.GetFullPath(path);
        _options = options.Value;
    }

    /// <summary>The database file.</summary>
    public string FilePath => _path;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_writer is not null)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var connection = SqliteMigrations.Open(_path);
            SqliteMigrations.Apply(connection, QueryLogSchema.Component, QueryLogSchema.Migrations);
            CatchUpRollups(connection);
            _writer = connection;
        }
        finally
        {
            _write.Release();
        }
    }

    public async Task<QueryLogStoreInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        await using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT MAX(id) - MIN(id) + 1 FROM queries), (SELECT MIN(time) FROM queries), (SELECT MAX(time) FROM queries),
                   (SELECT page_count FROM pragma_page_count()), (SELECT freelist_count FROM pragma_freelist_count()), (SELECT page_size FROM pragma_page_size()), (SELECT MAX(id) FROM queries)
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
        DateTime? oldest = reader.IsDBNull(1) ? null : FromUnixMs(reader.GetInt64(1));
        DateTime? newest = reader.IsDBNull(2) ? null : FromUnixMs(reader.GetInt64(2));
        var pageSize = reader.GetInt64(5);
        var newestId = reader.IsDBNull(6) ? 0 : reader.GetInt64(6);
        return new QueryLogStoreInfo(rows, oldest, newest, (reader.GetInt64(3) - reader.GetInt64(4)) * pageSize, FileBytes(), newestId);
    }

    public async ValueTask DisposeAsync()
    {
        await _write.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_writer is not null)
            {
                FlushPendingRollups();
            }

            DisposeCommands();
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
                _writer = null;
            }
        }
        finally
        {
            _write.Release();
        }

        _write.Dispose();
    }

    internal SqliteConnection OpenReader() => SqliteMigrations.Open(_path);

    private SqliteConnection Writer => _writer ?? throw new InvalidOperationException("The query log store is not initialised.");

    private long FileBytes()
    {
        long total = 0;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            var file = new FileInfo(_path + suffix);
            total += file.Exists ? file.Length : 0;
        }

        return total;
    }

    internal static long ToUnixMs(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    internal static DateTime FromUnixMs(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;

    internal static string Reverse(string name)
    {
        var characters = name.ToCharArray();
        Array.Reverse(characters);
        return new string(characters);
    }
}
