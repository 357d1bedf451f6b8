using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.Contracts.Alerts;
using HomeFilter.Storage.Postgres.Alerts;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.Postgres.Tests.Common;

namespace HomeFilter.Storage.Postgres.Tests.Alerts;

public sealed class PostgresAlertStoreTests(PostgresFixture postgres) : AlertStoreContract
{
    private PostgresDatabase? _database;

    protected override async ValueTask<IAlertStore> OpenStoreAsync()
    {
        _database ??= await postgres.NewPostgresDatabaseAsync();
        return new PostgresAlertStore(_database);
    }

    [Fact]
    public async Task An_alert_keeps_its_branch_and_device()
    {
        var added = await Store.TryAddAsync(Alert(AlertKind.BypassAttempt, "10.1.0.7", Evening, "bypass:north:10.1.0.7") with { Branch = "north", Device = "Sam's tablet" }, CancellationToken.None);
        var stored = Assert.Single(await Store.ListAsync(new AlertFilter(), CancellationToken.None));
        Assert.Equal(added, stored);
        Assert.Equal(("north", "Sam's tablet"), (stored.Branch, stored.Device));
    }

    protected override async ValueTask DisposeStorageAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
