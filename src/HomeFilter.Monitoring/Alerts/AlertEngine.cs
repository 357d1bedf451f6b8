using System.Threading.Channels;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Monitoring.QueryLog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>
/// Runs the alert rules over every stored batch of the query log and, once a minute, the silent-device check;
/// stores new alerts (duplicates by dedupe key are dropped) and hands them to delivery.
/// </summary>
public sealed partial class AlertEngine(IAlertStore store, IMonitoringPolicy policy, BackgroundNames background, TimeProvider clock, ILogger<AlertEngine> logger)
    : BackgroundService, IQueryLogObserver
{
    private readonly SilentDeviceTracker _silence = new();
    private readonly Channel<Alert> _raised = Channel.CreateUnbounded<Alert>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>New alerts, for delivery.</summary>
    public ChannelReader<Alert> Raised => _raised.Reader;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (background.MissingPath is { } missing)
        {
            LogNoBackgroundList(logger, missing);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask OnBatchStoredAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var zone = policy.TimeZone;
        var categories = policy.Categories;
        var settings = new Dictionary<string, AlertSettings>(StringComparer.Ordinal);
        var raised = new List<Alert>();
        foreach (var row in batch)
        {
            var groupSettings = SettingsFor(settings, row.Group, categories);
            AlertRules.Evaluate(row, groupSettings, zone, background, raised);
            _silence.Observe(row);
        }

        // A batch is news of who is active; the minute timer covers the times no batch comes.
        _silence.Check(clock.GetUtcNow().UtcDateTime, group => SettingsFor(settings, group, categories), raised);
        await StoreAsync(raised, cancellationToken).ConfigureAwait(false);
    }

    private AlertSettings SettingsFor(Dictionary<string, AlertSettings> cache, string? group, IReadOnlySet<string> categories)
    {
        var key = group ?? "";
        if (!cache.TryGetValue(key, out var settings))
        {
            cache[key] = settings = AlertSettings.From(policy.AlertSettingsFor(group), categories);
        }

        return settings;
    }

    /// <summary>The silent-device check at <paramref name="nowUtc"/> (the timer calls it each minute).</summary>
    public async Task CheckSilenceAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var categories = policy.Categories;
        var raised = new List<Alert>();
        _silence.Check(nowUtc, group => AlertSettings.From(policy.AlertSettingsFor(group), categories), raised);
        await StoreAsync(raised, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await CheckSilenceAsync(clock.GetUtcNow().UtcDateTime, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task StoreAsync(List<Alert> raised, CancellationToken cancellationToken)
    {
        foreach (var alert in raised)
        {
            try
            {
                if (await store.TryAddAsync(alert, cancellationToken).ConfigureAwait(false) is { } stored)
                {
                    LogRaised(logger, stored.Kind, stored.Message);
                    _raised.Writer.TryWrite(stored);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStoreFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 622, Level = LogLevel.Warning, Message = "No background names list at {Path}: night-activity alerts will count connectivity checks, time and update queries too (set HomeFilter:Alerts:BackgroundList)")]
    private static partial void LogNoBackgroundList(ILogger logger, string path);

    [LoggerMessage(EventId = 620, Level = LogLevel.Warning, Message = "Alert ({Kind}): {Message}")]
    private static partial void LogRaised(ILogger logger, AlertKind kind, string message);

    [LoggerMessage(EventId = 621, Level = LogLevel.Error, Message = "An alert could not be stored")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);
}
