using HomeFilter.Monitoring.Storage;
using HomeFilter.Storage.Sqlite.Common;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Options;

namespace HomeFilter.Storage.Sqlite.Tests.QueryLog;

public sealed class SqliteQueryLogStoreTests : QueryLogStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-sqlite-").FullName;
    private int _count;

    protected override IQueryLogStore CreateStore(QueryLogOptions options) =>
        new SqliteQueryLogStore(Path.Combine(_folder, $"querylog{_count++}.db"), Options.Create(options));

    [Fact]
    public async Task A_reopened_file_keeps_its_rows_and_schema_version()
    {
        var path = Path.Combine(_folder, "reopen.db");
        await using (var first = new SqliteQueryLogStore(path, Options.Create(new QueryLogOptions())))
        {
            await first.InitializeAsync(CancellationToken.None);
            await first.AppendAsync([Row(0, "10.0.0.2", "a.test")], CancellationToken.None);
        }

        await using var second = new SqliteQueryLogStore(path, Options.Create(new QueryLogOptions()));
        await second.InitializeAsync(CancellationToken.None);
        Assert.Single((await second.SearchAsync(new QueryLogFilter(), CancellationToken.None)).Items);
        using var connection = SqliteMigrations.Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE component = 'querylog'";
        Assert.Equal(1L, command.ExecuteScalar());
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    protected override ValueTask DisposeStorageAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
