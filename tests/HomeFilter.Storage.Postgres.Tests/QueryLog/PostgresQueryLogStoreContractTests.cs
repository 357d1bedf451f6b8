using HomeFilter.Storage.Contracts.QueryLog;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.Postgres.QueryLog;
using HomeFilter.Storage.Postgres.Tests.Common;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Options;

namespace HomeFilter.Storage.Postgres.Tests.QueryLog;

/// <summary>The query-log contract on PostgreSQL: every store gets a database of its own.</summary>
public sealed class PostgresQueryLogStoreContractTests(PostgresFixture postgres) : QueryLogStoreContract
{
    private readonly List<PostgresDatabase> _databases = [];

    protected override IQueryLogStore CreateStore(QueryLogOptions options)
    {
        var database = postgres.NewPostgresDatabaseAsync().GetAwaiter().GetResult();
        _databases.Add(database);
        return new PostgresQueryLogStore(database, Options.Create(options));
    }

    protected override async ValueTask DisposeStorageAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }
}
