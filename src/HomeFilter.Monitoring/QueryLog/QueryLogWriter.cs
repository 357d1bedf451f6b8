using System.Diagnostics;
using HomeFilter.Monitoring.Storage;
using HomeFilter.Resolver.QueryLog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Monitoring.QueryLog;

/// <summary>
/// Drains the resolver's query-log queue into the store in batches (up to <see cref="QueryLogOptions.BatchSize"/>
/// rows, at least every <see cref="QueryLogOptions.FlushMilliseconds"/>), then shows each stored batch to the
/// observers (alerts). A store failure is retried with back-off and then counted as lost; DNS never waits on it.
/// </summary>
public sealed partial class QueryLogWriter(
    QueryLogQueue queue,
    IQueryLogStore store,
    IEnumerable<IQueryLogObserver> observers,
    IOptions<QueryLogOptions> options,
    ILogger<QueryLogWriter> logger) : BackgroundService
{
    private static readonly int[] RetryDelaysMs = [100, 500, 2000];
    private readonly IQueryLogObserver[] _observers = [.. observers];
    private long _stored;
    private long _lost;
    private long _batches;

    /// <summary>Rows stored since start.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Rows lost because the store kept failing.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Batches stored since start.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The listeners stop first; what is queued is still stored.
        queue.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // The background loop may not have run at all (stopped right after start): store the rest here.
        await DrainAsync(new List<QueryLogEntry>(), new List<QueryLogRecord>()).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var batchSize = Math.Max(1, settings.BatchSize);
        var flush = TimeSpan.FromMilliseconds(Math.Max(10, settings.FlushMilliseconds));
        var entries = new List<QueryLogEntry>(batchSize);
        var records = new List<QueryLogRecord>(batchSize);
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                var deadline = Stopwatch.GetTimestamp() + (long)(flush.TotalSeconds * Stopwatch.Frequency);
                while (entries.Count < batchSize)
                {
                    if (reader.TryRead(out var entry))
                    {
                        entries.Add(entry);
                        continue;
                    }

                    var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                    if (left <= TimeSpan.Zero)
                    {
                        break;
                    }

                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    wait.CancelAfter(left);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }
                }

                await StoreAsync(entries, records, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await StoreAsync(entries, records, CancellationToken.None).ConfigureAwait(false);
        await DrainAsync(entries, records).ConfigureAwait(false);
    }

    private async Task DrainAsync(List<QueryLogEntry> entries, List<QueryLogRecord> records)
    {
        var batchSize = Math.Max(1, options.Value.BatchSize);
        while (queue.Reader.TryRead(out var rest))
        {
            entries.Add(rest);
            if (entries.Count >= batchSize)
            {
                await StoreAsync(entries, records, CancellationToken.None).ConfigureAwait(false);
            }
        }

        await StoreAsync(entries, records, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task StoreAsync(List<QueryLogEntry> entries, List<QueryLogRecord> records, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        records.Clear();
        foreach (var entry in entries)
        {
            records.Add(QueryLogRecordFactory.From(entry));
            queue.Return(entry);
        }

        entries.Clear();
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await store.AppendAsync(records, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (attempt >= RetryDelaysMs.Length)
                {
                    Interlocked.Add(ref _lost, records.Count);
                    MonitoringMetrics.Lost(records.Count);
                    LogBatchLost(logger, records.Count, e);
                    return;
                }

                LogStoreRetry(logger, attempt + 1, e.Message);
                await Task.Delay(RetryDelaysMs[attempt], cancellationToken).ConfigureAwait(false);
            }
        }

        Interlocked.Add(ref _stored, records.Count);
        Interlocked.Increment(ref _batches);
        MonitoringMetrics.Stored(records.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        // A fresh list per batch: observers may keep what they are given.
        var batch = records.ToArray();
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnBatchStoredAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogObserverFailed(logger, observer.GetType().Name, e);
            }
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "Query log: {Count} rows lost after the store failed repeatedly")]
    private static partial void LogBatchLost(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Query log: storing a batch failed (attempt {Attempt}): {Error}; retrying")]
    private static partial void LogStoreRetry(ILogger logger, int attempt, string error);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "Query log observer {Observer} failed")]
    private static partial void LogObserverFailed(ILogger logger, string observer, Exception exception);
}
