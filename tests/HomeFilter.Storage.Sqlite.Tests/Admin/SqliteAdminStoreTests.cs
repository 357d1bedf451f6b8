using HomeFilter.Storage.Accounts;
using HomeFilter.Storage.Contracts.Admin;
using HomeFilter.Storage.Sqlite.Admin;

namespace HomeFilter.Storage.Sqlite.Tests.Admin;

/// <summary>Accounts, API tokens and the audit log on a real SQLite file.</summary>
public sealed class SqliteAdminStoreTests : AdminStoreContract<SqliteAdminStore>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-admin-store-").FullName;

    private string PathOf => Path.Combine(_folder, "homefilter.db");

    protected override ValueTask<SqliteAdminStore> OpenStoreAsync() => ValueTask.FromResult(new SqliteAdminStore(PathOf));

    [Fact]
    public async Task The_database_and_its_wal_file_are_readable_by_the_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes");
            return;
        }

        var store = new SqliteAdminStore(PathOf);
        await store.CreateAsync(Account("mum", AccountRole.Admin), Token);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf));

        // The WAL file exists while a connection writes; SQLite gives it the database's mode.
        using var connection = Common.SqliteMigrations.Open(PathOf);
        Common.SqliteMigrations.Execute(connection, null, "INSERT INTO audit(time, actor, action) VALUES (1, 'x', 'y')");
        Assert.True(File.Exists(PathOf + "-wal"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf + "-wal"));
    }

    protected override ValueTask DisposeStorageAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
