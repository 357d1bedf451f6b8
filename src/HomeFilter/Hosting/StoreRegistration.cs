using HomeFilter.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using HomeFilter.Storage.Sqlite;

namespace HomeFilter.Hosting;

/// <summary>Which store holds the query log and alerts: the one place that knows the store engines.</summary>
internal static class StoreRegistration
{
    public static void AddStores(IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        if (!MonitoringServiceCollectionExtensions.QueryLogEnabled(configuration))
        {
            return;
        }

        services.AddSqliteQueryLogStore(dataDirectory);
        services.AddSqliteAlertStore(dataDirectory);
    }
}
