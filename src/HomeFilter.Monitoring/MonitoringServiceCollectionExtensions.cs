using HomeFilter.Monitoring.Activity;
using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.Digests;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Monitoring;

/// <summary>
/// The monitoring services, on whichever store was registered (<see cref="IQueryLogStore"/>, <see cref="IAlertStore"/>):
/// a store project registers only its stores, so a second store never repeats any of this.
/// </summary>
public static class MonitoringServiceCollectionExtensions
{
    /// <summary>Whether <c>HomeFilter:QueryLog:Enabled</c> is on (the default): without the log there is nothing to store or watch.</summary>
    public static bool QueryLogEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(QueryLogOptions.Section).GetValue(nameof(QueryLogOptions.Enabled), true);
    }

    /// <summary>Query-log options, the batch writer and retention. Needs an <see cref="IQueryLogStore"/>; nothing when the log is off.</summary>
    public static IServiceCollection AddHomeFilterQueryLog(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<QueryLogOptions>(configuration.GetSection(QueryLogOptions.Section));
        services.PostConfigure<QueryLogOptions>(o => o.JournalPath ??= Path.Combine(dataDirectory, "querylog.journal"));
        if (!QueryLogEnabled(configuration))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<QueryLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<QueryLogWriter>());
        services.AddHostedService<QueryLogRetentionService>();
        return services;
    }

    /// <summary>
    /// Alerts: the rules run on every stored log batch, new alerts are pushed to the configured webhook and e-mail;
    /// digests and device activity. Needs an <see cref="IAlertStore"/> and the query log (nothing to watch without it).
    /// </summary>
    public static IServiceCollection AddHomeFilterAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<AlertOptions>(configuration.GetSection(AlertOptions.Section));
        if (!QueryLogEnabled(configuration))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
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
