using HomeFilter.Storage.Postgres.Common;

namespace HomeFilter.Storage.Postgres.Tests.Common;

public sealed class PostgresMigrationsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PostgresDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await postgres.NewPostgresDatabaseAsync();

    [Fact]
    public async Task Migrating_twice_applies_each_version_once()
    {
        var first = await PostgresSchema.MigrateAllAsync(_database, CancellationToken.None);
        var second = await PostgresSchema.MigrateAllAsync(_database, CancellationToken.None);
        Assert.All(first, r => Assert.Equal(r.Version, r.Applied));
        Assert.All(second, r => Assert.Equal(0, r.Applied));
        Assert.Equal(first.Select(r => (r.Component, r.Version)), second.Select(r => (r.Component, r.Version)));
        Assert.Equal(["querylog", "alerts", "admin", "policy", "branches"], first.Select(r => r.Component));
    }

    [Fact]
    public async Task Branches_migrating_one_database_at_once_apply_each_version_once()
    {
        // Separate data sources: as separate processes would connect.
        var databases = Enumerable.Range(0, 6).Select(_ => PostgresDatabase.Create(_database.DataSource.ConnectionString)).ToArray();
        var results = await Task.WhenAll(databases.Select(d => Task.Run(() => PostgresSchema.MigrateAllAsync(d, CancellationToken.None))));
        foreach (var component in results[0].Select(r => r.Component))
        {
            var version = results[0].Single(r => r.Component == component).Version;
            Assert.Equal(version, results.Sum(r => r.Single(x => x.Component == component).Applied));
        }

        await using var command = _database.DataSource.CreateCommand("SELECT COUNT(*) FROM schema_migrations");
        Assert.Equal((long)results[0].Sum(r => r.Version), await command.ExecuteScalarAsync());
        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Database=homefilter")]
    [InlineData("Host=db;Bogus Key=1")]
    public void A_connection_string_that_cannot_be_used_is_refused_in_one_line(string connectionString)
    {
        var problem = PostgresDatabase.Problem(connectionString);
        Assert.NotNull(problem);
        Assert.DoesNotContain('\n', problem);
        Assert.Throws<ArgumentException>(() => PostgresDatabase.Create(connectionString));
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();
}
