using System.Threading.Channels;
using HomeFilter.Monitoring.Activity;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>
/// Runs the alert rules over every stored batch of the query log, once a minute the silent-device check and every
/// few minutes the unusual-night check (from the log's hourly rollups); stores new alerts (duplicates by dedupe key
/// are dropped) and hands them to delivery.
/// </summary>
public sealed partial class AlertEngine(
    IAlertStore store,
    IQueryLogStore log,
    IMonitoringPolicy policy,
    BackgroundNames background,
    IOptions<AlertOptions> options,
    TimeProvider clock,
    ILogger<AlertEngine> logger)
    : BackgroundService, IQueryLogObserver
{
    /// <summary>Minutes between unusual-night checks: hourly counts change slowly, and each check reads weeks of them.</summary>
    public const int UnusualNightCheckMinutes = 5;

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
            AlertRules.Evaluate(row, groupSettings, zone, background, raised, policy.DeviceName);
            _silence.Observe(row);
        }

        // A batch is news of who is active; the minute timer covers the times no batch comes.
        _silence.Check(clock.GetUtcNow().UtcDateTime, group => SettingsFor(settings, group, categories), raised, policy.DeviceName);
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

    /// <summary>
    /// Stores and delivers an alert raised outside the query log (a list held back, for one); a duplicate by dedupe
    /// key is dropped like any other.
    /// </summary>
    public Task RaiseAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return StoreAsync([alert], cancellationToken);
    }

    /// <summary>The silent-device check at <paramref name="nowUtc"/> (the timer calls it each minute).</summary>
    public async Task CheckSilenceAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var categories = policy.Categories;
        var raised = new List<Alert>();
        _silence.Check(nowUtc, group => AlertSettings.From(policy.AlertSettingsFor(group), categories), raised, policy.DeviceName);
        await StoreAsync(raised, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The unusual-night check at <paramref name="nowUtc"/>: every device whose most recent night (so far) is unusual
    /// against its own earlier nights raises one alert per night. Groups whose night alerts are switched off are left out.
    /// </summary>
    public async Task CheckUnusualNightAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var settings = options.Value.UnusualNight;
        if (!settings.Enabled)
        {
            return;
        }

        IReadOnlyList<DeviceNightActivity> nights;
        try
        {
            nights = await DeviceActivityService.AnalyzeAsync(log, policy, settings, nowUtc, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNightCheckFailed(logger, e);
            return;
        }

        var raised = new List<Alert>();
        foreach (var night in nights)
        {
            if (night.Unusual && policy.AlertSettingsFor(night.Group)?.NightActivity?.Enabled != false)
            {
                raised.Add(UnusualNightAlert.For(night, policy, nowUtc));
            }
        }

        await StoreAsync(raised, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = clock.GetUtcNow().UtcDateTime;
                await CheckSilenceAsync(now, stoppingToken).ConfigureAwait(false);
                if (++ticks % UnusualNightCheckMinutes == 0)
                {
                    await CheckUnusualNightAsync(now, stoppingToken).ConfigureAwait(false);
                }
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

    [LoggerMessage(EventId = 623, Level = LogLevel.Error, Message = "The unusual-night check could not read the query log")]
    private static partial void LogNightCheckFailed(ILogger logger, Exception exception);
}
