using System.Diagnostics;
using HomeFilter.Monitoring.Devices;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Resolver.QueryLog;
using HomeFilter.Resolver.Reload;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Monitoring.QueryLog;

/// <summary>
/// Drains the resolver's query-log queue into the store in batches (up to <see cref="QueryLogOptions.BatchSize"/>
/// rows; early enough that no entry waits longer than <see cref="QueryLogOptions.FlushMilliseconds"/> to be
/// committed), then shows each stored batch to the observers (alerts). Queries that could not be logged (dropped by
/// the queue, a batch the store kept refusing, a crash before the last commit) are stored as gaps, so the log says
/// what it is missing. A store failure is retried with back-off; DNS never waits on it.
/// </summary>
public sealed partial class QueryLogWriter(
    QueryLogQueue queue,
    IQueryLogStore store,
    IEnumerable<IQueryLogObserver> observers,
    IOptions<QueryLogOptions> options,
    ILogger<QueryLogWriter> logger,
    RuleSnapshotHolder? rules = null,
    IQueryLogSequence? sequence = null) : BackgroundService
{
    private static readonly int[] RetryDelaysMs = [100, 500, 2000];
    private readonly IQueryLogObserver[] _observers = [.. observers];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<QueryLogGap> _gaps = [];
    private readonly List<DroppedSpan> _dropped = [];
    private readonly QueryLogRecordFactory _factory = new();
    private QueryLogJournal? _journal;
    private long _stored;
    private long _lost;
    private long _batches;
    private long _commitTicks;

    /// <summary>Rows stored since start.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Rows lost because the store kept failing.</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Batches stored since start.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>What the start found when the previous run had not stopped cleanly; null otherwise.</summary>
    public QueryLogUncleanStop? UncleanStop { get; private set; }

    /// <summary>Completes once the store is open and the previous run has been checked.</summary>
    public Task Started => _started.Task;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await OpenJournalAsync(cancellationToken).ConfigureAwait(false);
        _started.TrySetResult();
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The listeners stop first; what is queued is still stored.
        queue.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // The background loop may not have run at all (stopped right after start): store the rest here.
        await DrainAsync(new List<QueryLogEntry>(), new List<QueryLogRecord>()).ConfigureAwait(false);
        await StoreGapsAsync().ConfigureAwait(false);
        _journal?.MarkClean();
    }

    /// <summary>
    /// Reads the crash journal: if the last run did not stop cleanly, how many of its queries never reached the store
    /// (exact for a killed or crashed process), recorded as a gap and reported; then counts this run into it.
    /// </summary>
    private async Task OpenJournalAsync(CancellationToken cancellationToken)
    {
        if (options.Value.JournalPath is not { Length: > 0 } path)
        {
            return;
        }

        var info = await store.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var now = DateTime.UtcNow;
        try
        {
            _journal = QueryLogJournal.Open(path, info.NewestId, now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogJournalUnavailable(logger, path, e.Message);
            return;
        }

        queue.AttachJournal(_journal);
        if (_journal.PreviousRun is not { } previous)
        {
            return;
        }

        var missing = previous.Missing(info.NewestId);
        var from = info.NewestUtc is { } newest && newest >= previous.StartedUtc ? newest : previous.StartedUtc;
        var to = previous.LastArrivalUtc ?? from;
        UncleanStop = new QueryLogUncleanStop(now, missing, from, to < from ? from : to);
        LogUncleanStop(logger, missing, from, to);
        if (missing > 0)
        {
            try
            {
                await store.AppendGapsAsync([new QueryLogGap(null, from, to < from ? from : to, missing, QueryLogGapReasons.UncleanStop)], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogGapsLost(logger, 1, e.Message);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var batchSize = Math.Max(1, settings.BatchSize);
        var flushTicks = TimeSpan.FromMilliseconds(Math.Max(10, settings.FlushMilliseconds)).Ticks;
        var entries = new List<QueryLogEntry>(batchSize);
        var records = new List<QueryLogRecord>(batchSize);
        try
        {
            while (await queue.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (entries.Count < batchSize)
                {
                    if (queue.TryRead(out var entry))
                    {
                        entries.Add(entry);
                        continue;
                    }

                    // The oldest entry must be committed within the flush time: start the commit that long after it
                    // arrived, less what a commit takes.
                    // (Arrival times are the resolver's DateTime.UtcNow stamps, so the same clock measures the wait.)
                    if (entries.Count == 0)
                    {
                        break;
                    }

                    var waited = DateTime.UtcNow.Ticks - entries[0].TimeUtc.Ticks;
                    var left = TimeSpan.FromTicks(Math.Min(flushTicks, flushTicks - waited - 2 * Interlocked.Read(ref _commitTicks)));
                    if (left <= TimeSpan.Zero)
                    {
                        break;
                    }

                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    wait.CancelAfter(left);
                    try
                    {
                        if (!await queue.WaitToReadAsync(wait.Token).ConfigureAwait(false))
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
                await StoreGapsAsync().ConfigureAwait(false);
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
        while (queue.TryRead(out var rest))
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
        if (rules?.Current is { } snapshot && snapshot.Generation != _factory.Devices.Generation)
        {
            // Device names follow the policy in force; the lookup is rebuilt only when a new policy arrives.
            _factory.Devices = DeviceLookup.From(snapshot);
        }

        // On a branch network every row is numbered (durably, before it is sent) so shipping it twice stores it once.
        var next = sequence?.Reserve(entries.Count) ?? 0;
        foreach (var entry in entries)
        {
            var record = _factory.From(entry);
            records.Add(sequence is null ? record : record with { Branch = sequence.Branch, Sequence = next++ });
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
                    GapsOf(records);
                    return;
                }

                LogStoreRetry(logger, attempt + 1, e.Message);
                await Task.Delay(RetryDelaysMs[attempt], cancellationToken).ConfigureAwait(false);
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        // A moving estimate of a commit's duration (the flush deadline leaves room for it).
        var previous = Interlocked.Read(ref _commitTicks);
        Interlocked.Exchange(ref _commitTicks, previous == 0 ? elapsed.Ticks : (previous * 7 + elapsed.Ticks) / 8);
        Interlocked.Add(ref _stored, records.Count);
        Interlocked.Increment(ref _batches);
        MonitoringMetrics.Stored(records.Count, elapsed.TotalMilliseconds);

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

    /// <summary>A batch the store refused: its rows become gaps per client (stored once the store works again).</summary>
    private void GapsOf(List<QueryLogRecord> records)
    {
        var byClient = new Dictionary<string, (DateTime From, DateTime To, long Count)>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            byClient[record.Client] = byClient.TryGetValue(record.Client, out var span)
                ? (record.TimeUtc < span.From ? record.TimeUtc : span.From, record.TimeUtc > span.To ? record.TimeUtc : span.To, span.Count + 1)
                : (record.TimeUtc, record.TimeUtc, 1);
        }

        foreach (var (client, (from, to, count)) in byClient)
        {
            _gaps.Add(new QueryLogGap(client.Length == 0 ? null : client, from, to, count, QueryLogGapReasons.StoreFailed));
        }
    }

    /// <summary>Stores the gaps the queue recorded since the last batch (and those of refused batches), kept for the next try if the store fails.</summary>
    private async Task StoreGapsAsync()
    {
        queue.Gaps.Harvest(_dropped);
        foreach (var span in _dropped)
        {
            _gaps.Add(new QueryLogGap(span.Client, span.FromUtc, span.ToUtc, span.Count, QueryLogGapReasons.QueueFull));
        }

        _dropped.Clear();
        if (_gaps.Count == 0)
        {
            return;
        }

        try
        {
            await store.AppendGapsAsync(_gaps, CancellationToken.None).ConfigureAwait(false);
            _gaps.Clear();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogGapsLost(logger, _gaps.Count, e.Message);
            if (_gaps.Count > 10_000)
            {
                _gaps.Clear();
            }
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "Query log: {Count} rows lost after the store failed repeatedly")]
    private static partial void LogBatchLost(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Query log: storing a batch failed (attempt {Attempt}): {Error}; retrying")]
    private static partial void LogStoreRetry(ILogger logger, int attempt, string error);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "Query log observer {Observer} failed")]
    private static partial void LogObserverFailed(ILogger logger, string observer, Exception exception);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "Query log: the last run did not stop cleanly; {Missing} queries answered between {From:u} and {To:u} are not in the log")]
    private static partial void LogUncleanStop(ILogger logger, long missing, DateTime from, DateTime to);

    [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "Query log: the crash journal {Path} cannot be used ({Error}); a crash will not be measured")]
    private static partial void LogJournalUnavailable(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 605, Level = LogLevel.Warning, Message = "Query log: {Count} gap records could not be stored: {Error}")]
    private static partial void LogGapsLost(ILogger logger, int count, string error);
}

/// <summary>
/// Found at start: the previous run ended without a clean stop, and <paramref name="Missing"/> queries it answered
/// between <paramref name="FromUtc"/> and <paramref name="ToUtc"/> never reached the log.
/// </summary>
public sealed record QueryLogUncleanStop(DateTime DetectedUtc, long Missing, DateTime FromUtc, DateTime ToUtc);
