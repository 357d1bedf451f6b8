using HomeFilter.Storage.Postgres.Admin;
using HomeFilter.Storage.Postgres.Alerts;
using HomeFilter.Storage.Postgres.Branches;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.Postgres.QueryLog;

namespace HomeFilter.Storage.Postgres;

/// <summary>Every component's migrations, in one place for <c>HomeFilter store migrate</c>.</summary>
public static class PostgresSchema
{
    /// <summary>Applies every component's migrations, in order, and says what each reached.</summary>
    public static async Task<IReadOnlyList<PostgresMigrations.Result>> MigrateAllAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return
        [
            await PostgresQueryLogStore.MigrateAsync(database, cancellationToken).ConfigureAwait(false),
            await PostgresAlertStore.MigrateAsync(database, cancellationToken).ConfigureAwait(false),
            await PostgresAdminStore.MigrateAsync(database, cancellationToken).ConfigureAwait(false),
            await PostgresPolicyStore.MigrateAsync(database, cancellationToken).ConfigureAwait(false),
            await PostgresBranchRegistry.MigrateAsync(database, cancellationToken).ConfigureAwait(false),
        ];
    }
}
