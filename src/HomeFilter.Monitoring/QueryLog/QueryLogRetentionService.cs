using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Monitoring.QueryLog;

/// <summary>Runs the store's retention after start and then every <see cref="QueryLogOptions.RetentionMinutes"/>.</summary>
public sealed partial class QueryLogRetentionService(IQueryLogStore store, IOptions<QueryLogOptions> options, TimeProvider clock, ILogger<QueryLogRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromMinutes(Math.Max(1, options.Value.RetentionMinutes));
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            do
            {
                try
                {
                    var result = await store.EnforceRetentionAsync(clock.GetUtcNow().UtcDateTime, stoppingToken).ConfigureAwait(false);
                    if (result.DeletedByAge + result.DeletedBySize > 0)
                    {
                        LogRetention(logger, result.DeletedByAge, result.DeletedBySize, result.BytesUsed / (1024 * 1024));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRetentionFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping is not a failure. When the start of another service fails the host never calls StopAsync, and
            // a cancelled task here would be logged as a crashed background service with a stack trace.
        }
    }

    [LoggerMessage(EventId = 610, Level = LogLevel.Information, Message = "Query log retention: {ByAge} rows past the age limit and {BySize} over the size limit deleted; {UsedMb} MiB in use")]
    private static partial void LogRetention(ILogger logger, long byAge, long bySize, long usedMb);

    [LoggerMessage(EventId = 611, Level = LogLevel.Error, Message = "Query log retention failed; it runs again at the next period")]
    private static partial void LogRetentionFailed(ILogger logger, Exception exception);
}
