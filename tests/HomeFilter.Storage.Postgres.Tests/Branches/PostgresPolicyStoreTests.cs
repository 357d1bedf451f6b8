using HomeFilter.Storage.Branches;
using HomeFilter.Storage.Postgres.Branches;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.Postgres.Tests.Common;
using HomeFilter.Testing;
using Npgsql;

namespace HomeFilter.Storage.Postgres.Tests.Branches;

public sealed class PostgresPolicyStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private PostgresDatabase _database = null!;
    private PostgresPolicyStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await postgres.NewPostgresDatabaseAsync();
        _store = new PostgresPolicyStore(_database);
        await _store.InitializeAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_save_succeeds_only_on_the_newest_generation()
    {
        Assert.Null(await _store.GetLatestAsync(CancellationToken.None));
        var first = await _store.SaveAsync("{\"v\":1}", 0, "mum", CancellationToken.None);
        Assert.Equal((1L, "{\"v\":1}", "mum"), (first!.Generation, first.Document, first.ChangedBy));
        Assert.Null(await _store.SaveAsync("{\"v\":\"stale\"}", 0, "dad", CancellationToken.None));
        var second = await _store.SaveAsync("{\"v\":2}", 1, null, CancellationToken.None);
        Assert.Equal(2, second!.Generation);
        Assert.Equal(second, await _store.GetLatestAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_saves_on_one_generation_at_once_make_one_generation()
    {
        var saves = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => _store.SaveAsync($"{{\"v\":{i}}}", 0, null, CancellationToken.None))));
        Assert.Single(saves, s => s is not null);
        Assert.Equal(1, (await _store.GetLatestAsync(CancellationToken.None))!.Generation);
    }

    [Fact]
    public async Task A_watcher_hears_each_saved_generation()
    {
        using var cancel = new CancellationTokenSource(Patience);
        var heard = new List<long>();
        var listening = new TaskCompletionSource();
        var watch = Task.Run(async () =>
        {
            await foreach (var generation in _store.WatchAsync(cancel.Token))
            {
                heard.Add(generation);
                if (heard.Count == 2)
                {
                    return;
                }
            }
        });

        // LISTEN is issued when the enumeration starts; save until the first announcement is heard.
        await WaitForListenerAsync(cancel.Token);
        await _store.SaveAsync("{}", 0, null, CancellationToken.None);
        await _store.SaveAsync("{}", 1, null, CancellationToken.None);
        await watch.WaitAsync(cancel.Token);
        Assert.Equal([1L, 2L], heard);
    }

    [Fact]
    public async Task Watching_ends_with_an_exception_when_the_connection_drops()
    {
        using var cancel = new CancellationTokenSource(Patience);
        var watch = Task.Run(async () =>
        {
            await foreach (var _ in _store.WatchAsync(cancel.Token))
            {
            }
        });
        await WaitForListenerAsync(cancel.Token);
        await using (var kill = _database.DataSource.CreateCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"))
        {
            await kill.ExecuteNonQueryAsync(cancel.Token);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => watch.WaitAsync(cancel.Token));
        Assert.False(cancel.IsCancellationRequested);
    }

    private async Task WaitForListenerAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var command = _database.DataSource.CreateCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid() AND datname = current_database()");
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }
}

public sealed class PostgresBranchRegistryTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PostgresDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await postgres.NewPostgresDatabaseAsync();

    [Fact]
    public async Task A_branch_report_replaces_the_last_one_and_the_contact_time_is_the_servers()
    {
        var registry = new PostgresBranchRegistry(_database);
        await registry.InitializeAsync(CancellationToken.None);
        var oldest = new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
        await registry.ReportAsync(new BranchStatus { Id = "north", PolicyGeneration = 3, Queries = 10, Blocked = 1, Healthy = true, Version = "1.0", LastContactUtc = DateTime.MinValue }, CancellationToken.None);
        await registry.ReportAsync(new BranchStatus { Id = "south", PolicyGeneration = 2, SpoolDepth = 40, OldestUnsentUtc = oldest, Healthy = false }, CancellationToken.None);
        await registry.ReportAsync(new BranchStatus { Id = "north", PolicyGeneration = 4, Queries = 20, Blocked = 2, Healthy = true, Version = "1.1" }, CancellationToken.None);

        var branches = await registry.ListAsync(CancellationToken.None);
        Assert.Equal(["north", "south"], branches.Select(b => b.Id));
        Assert.Equal((4L, 20L, 2L, "1.1"), (branches[0].PolicyGeneration, branches[0].Queries, branches[0].Blocked, branches[0].Version));
        Assert.Equal((40L, (DateTime?)oldest, false), (branches[1].SpoolDepth, branches[1].OldestUnsentUtc, branches[1].Healthy));
        Assert.InRange(branches[0].LastContactUtc, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));
        Assert.Equal(DateTimeKind.Utc, branches[0].LastContactUtc.Kind);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();
}
