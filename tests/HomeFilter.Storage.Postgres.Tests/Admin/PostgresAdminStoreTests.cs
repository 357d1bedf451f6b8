using HomeFilter.Storage.Accounts;
using HomeFilter.Storage.Contracts.Admin;
using HomeFilter.Storage.Postgres.Admin;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.Postgres.Tests.Common;

namespace HomeFilter.Storage.Postgres.Tests.Admin;

public sealed class PostgresAdminStoreTests(PostgresFixture postgres) : AdminStoreContract<PostgresAdminStore>
{
    private PostgresDatabase? _database;

    protected override async ValueTask<PostgresAdminStore> OpenStoreAsync()
    {
        _database ??= await postgres.NewPostgresDatabaseAsync();
        var store = new PostgresAdminStore(_database);
        await store.InitializeAsync(Token);
        return store;
    }

    [Fact]
    public async Task A_branch_admin_keeps_its_branch()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(Account("north-admin", AccountRole.BranchAdmin) with { Branch = "north" }, Token);
        var found = await store.FindAsync("North-Admin", Token);
        Assert.Equal((AccountRole.BranchAdmin, "north"), (found!.Role, found.Branch));
    }

    protected override async ValueTask DisposeStorageAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
