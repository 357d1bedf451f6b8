using HomeFilter.Monitoring.Activity;
using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.Digests;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.Accounts;
using HomeFilter.Storage.Audit;
using HomeFilter.Storage.Sqlite.Admin;
using HomeFilter.Storage.Sqlite.Alerts;
using HomeFilter.Monitoring.Storage;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Storage.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>Dashboard accounts, API tokens and the audit log in <c>&lt;data&gt;/homefilter.db</c>, whatever the query log does.</summary>
    public static IServiceCollection AddHomeFilterAdminStore(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(_ => new SqliteAdminStore(Path.Combine(dataDirectory, "homefilter.db")));
        services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<SqliteAdminStore>());
        services.AddSingleton<IApiTokenStore>(sp => sp.GetRequiredService<SqliteAdminStore>());
        services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<SqliteAdminStore>());
        return services;
    }

    /// <summary>The query log on SQLite (<c>&lt;data&gt;/querylog.db</c>): options, store, batch writer and retention. Nothing when <c>HomeFilter:QueryLog:Enabled</c> is false.</summary>
    public static IServiceCollection AddHomeFilterQueryLog(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(QueryLogOptions.Section);
        services.Configure<QueryLogOptions>(section);
        services.PostConfigure<QueryLogOptions>(o => o.JournalPath ??= Path.Combine(dataDirectory, "querylog.journal"));
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

    /// <summary>
    /// Alerts (<c>&lt;data&gt;/homefilter.db</c>): the rules run on every stored log batch, new alerts are pushed to the
    /// configured webhook and e-mail. Needs the query log (nothing to watch without it).
    /// </summary>
    public static IServiceCollection AddHomeFilterAlerts(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AlertOptions.Section);
        services.Configure<AlertOptions>(section);
        if (!configuration.GetSection(QueryLogOptions.Section).GetValue(nameof(QueryLogOptions.Enabled), true))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IAlertStore>(_ => new SqliteAlertStore(Path.Combine(dataDirectory, "homefilter.db")));
        services.AddSingleton<IMonitoringPolicy, SnapshotMonitoringPolicy>();
        services.AddSingleton(sp =>
        {
            var list = sp.GetRequiredService<IOptions<AlertOptions>>().Value.BackgroundList;
            return BackgroundNames.Load(string.IsNullOrWhiteSpace(list) ? Path.Combine(AppContext.BaseDirectory, "blocklists", "background.txt") : list);
        });
        services.AddSingleton<AlertEngine>();
        services.AddSingleton<IQueryLogObserver>(sp => sp.GetRequiredService<AlertEngine>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertEngine>());
        services.AddSingleton(sp => new AlertDelivery(
            sp.GetRequiredService<AlertEngine>(),
            sp.GetRequiredService<IAlertStore>(),
            sp.GetRequiredService<IOptions<AlertOptions>>(),
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<AlertDelivery>>()));
        services.AddHostedService(sp => sp.GetRequiredService<AlertDelivery>());
        services.TryAddSingleton<HomeFilter.Resolver.Reload.Sources.ListSourceStates>();
        services.AddHostedService<ListHeldBackAlerts>();
        services.AddHostedService<UncleanStopAlerts>();
        services.AddSingleton<DigestBuilder>();
        services.AddSingleton<DeviceActivityService>();
        return services;
    }
}
