using HomeFilter.Monitoring;
using HomeFilter.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using HomeFilter.Storage.Sqlite;

namespace HomeFilter.Hosting;

/// <summary>
/// Which store holds the query log, alerts, accounts and (on a branch network) the policy and the branch registry:
/// the one place that knows the store engines. <c>HomeFilter:Store:Provider</c> is <c>sqlite</c> (default, files in the
/// data directory) or <c>postgres</c> (<c>HomeFilter:Store:ConnectionString</c>, shared by every branch).
/// </summary>
internal static class StoreRegistration
{
    public const string ProviderKey = "HomeFilter:Store:Provider";
    public const string ConnectionStringKey = "HomeFilter:Store:ConnectionString";

    public static bool IsPostgres(IConfiguration configuration) =>
        string.Equals(configuration[ProviderKey]?.Trim(), "postgres", StringComparison.OrdinalIgnoreCase);

    public static void AddStores(IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        if (IsPostgres(configuration))
        {
            var connectionString = configuration[ConnectionStringKey] ?? "";
            services.AddPostgresBranchStores(connectionString);
            if (MonitoringServiceCollectionExtensions.QueryLogEnabled(configuration))
            {
                services.AddPostgresQueryLogStore(connectionString);
                services.AddPostgresAlertStore(connectionString);
            }

            return;
        }

        if (!MonitoringServiceCollectionExtensions.QueryLogEnabled(configuration))
        {
            return;
        }

        services.AddSqliteQueryLogStore(dataDirectory);
        services.AddSqliteAlertStore(dataDirectory);
    }

    public static void AddAdminStore(IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        if (IsPostgres(configuration))
        {
            services.AddPostgresAdminStore(configuration[ConnectionStringKey] ?? "");
            return;
        }

        services.AddSqliteAdminStore(dataDirectory);
    }
}
