using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.Contracts.Alerts;
using HomeFilter.Storage.Sqlite.Alerts;
using Microsoft.Data.Sqlite;

namespace HomeFilter.Storage.Sqlite.Tests.Alerts;

public sealed class SqliteAlertStoreTests : AlertStoreContract
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-alerts-test-").FullName;

    private string DatabasePath => Path.Combine(_folder, "homefilter.db");

    protected override ValueTask<IAlertStore> OpenStoreAsync() => ValueTask.FromResult<IAlertStore>(new SqliteAlertStore(DatabasePath));

    [Fact]
    public async Task The_schema_is_recorded_as_component_alerts_in_a_wal_database_shared_with_others()
    {
        // Another component's migrations in the same file must not disturb ours, nor ours theirs.
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var other = connection.CreateCommand();
            other.CommandText = "INSERT INTO schema_migrations(component, version, applied_utc) VALUES ('other', 3, '2026-11-28T00:00:00Z')";
            await other.ExecuteNonQueryAsync();
        }

        await using var again = new SqliteAlertStore(DatabasePath);
        await again.InitializeAsync(CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var versions = connection.CreateCommand();
            versions.CommandText = "SELECT component || ':' || version FROM schema_migrations ORDER BY component";
            var rows = new List<string>();
            await using (var reader = await versions.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(reader.GetString(0));
                }
            }

            Assert.Equal(["alerts:1", "alerts:2", "other:3"], rows);
            await using var journal = connection.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string?)await journal.ExecuteScalarAsync());
        }
    }

    protected override ValueTask DisposeStorageAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
