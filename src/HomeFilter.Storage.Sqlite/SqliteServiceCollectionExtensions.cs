using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Monitoring.Storage;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Storage.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>The query log on SQLite (<c>&lt;data&gt;/querylog.db</c>): options, store, batch writer and retention. Nothing when <c>HomeFilter:QueryLog:Enabled</c> is false.</summary>
    public static IServiceCollection AddHomeFilterQueryLog(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(QueryLogOptions.Section);
        services.Configure<QueryLogOptions>(section);
        if (!section.GetValue(nameof(QueryLogOptions.Enabled), true))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IQueryLogStore>(sp => new SqliteQueryLogStore(Path.Combine(dataDirectory, "querylog.db"), sp.GetRequiredService<IOptions<QueryLogOptions>>()));
        services.AddSingleton<QueryLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<QueryLogWriter>());
        services.AddHostedService<QueryLogRetentionService>();
        return services;
    }
}
