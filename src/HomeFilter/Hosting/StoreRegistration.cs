using HomeFilter.Hosting.Postgres;
using HomeFilter.Monitoring;
using HomeFilter.Storage.Accounts;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.Audit;
using HomeFilter.Storage.Health;
using HomeFilter.Storage.Postgres;
using HomeFilter.Storage.Postgres.Admin;
using HomeFilter.Storage.Postgres.Alerts;
using HomeFilter.Storage.Postgres.Common;
using HomeFilter.Storage.Postgres.QueryLog;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Hosting;

/// <summary>
/// Which store holds the query log, alerts and accounts (<c>HomeFilter:Store:Provider</c>): the one place that knows
/// the store engines. On PostgreSQL the stores open without waiting for the server: <see cref="PostgresSchemaService"/>
/// migrates in the background and retries while it is away, so DNS is answered either way.
/// </summary>
internal static class StoreRegistration
{
    public static void AddStores(IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var store = StoreOptions.From(configuration);
        if (store.IsPostgres)
        {
            AddPostgresCommon(services, store.ConnectionString!);

            // A branch network's policy by generation and the branch registry (used when HomeFilter:Branch:Id is set).
            services.AddPostgresBranchStores(store.ConnectionString!);
        }

        if (!MonitoringServiceCollectionExtensions.QueryLogEnabled(configuration))
        {
            return;
        }

        if (store.IsPostgres)
        {
            services.AddSingleton<IQueryLogStore>(sp => new DeferredQueryLogStore(
                new PostgresQueryLogStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<IOptions<QueryLogOptions>>()),
                sp.GetRequiredService<PostgresStoreStatus>()));
            services.AddSingleton<IAlertStore>(sp => new DeferredAlertStore(new PostgresAlertStore(sp.GetRequiredService<PostgresDatabase>()), sp.GetRequiredService<PostgresStoreStatus>()));
            return;
        }

        services.AddSqliteQueryLogStore(dataDirectory);
        services.AddSqliteAlertStore(dataDirectory);
    }

    /// <summary>Dashboard accounts, API tokens and the audit log.</summary>
    public static void AddAdminStore(IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var store = StoreOptions.From(configuration);
        if (!store.IsPostgres)
        {
            services.AddSqliteAdminStore(dataDirectory);
            return;
        }

        AddPostgresCommon(services, store.ConnectionString!);
        services.AddSingleton(sp => new DeferredAdminStore(new PostgresAdminStore(sp.GetRequiredService<PostgresDatabase>()), sp.GetRequiredService<PostgresStoreStatus>()));
        services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<DeferredAdminStore>());
        services.AddSingleton<IApiTokenStore>(sp => sp.GetRequiredService<DeferredAdminStore>());
        services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<DeferredAdminStore>());
    }

    /// <summary>The shared data source, the status and the schema service, once however many stores use them.</summary>
    private static void AddPostgresCommon(IServiceCollection services, string connectionString)
    {
        if (services.Any(d => d.ServiceType == typeof(PostgresStoreStatus)))
        {
            return;
        }

        services.AddPostgresDatabase(connectionString);
        services.AddSingleton<PostgresStoreStatus>();
        services.AddSingleton<IStoreStatus>(sp => sp.GetRequiredService<PostgresStoreStatus>());
        services.AddHostedService<PostgresSchemaService>();
    }
}
