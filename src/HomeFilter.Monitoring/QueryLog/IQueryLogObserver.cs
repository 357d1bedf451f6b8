using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.QueryLog;

/// <summary>
/// Sees every batch the query-log writer has stored (alert rules, live views). Called on the writer's task
/// after the batch is durable; an observer must be quick and must not throw (exceptions are logged and ignored).
/// </summary>
public interface IQueryLogObserver
{
    ValueTask OnBatchStoredAsync(IReadOnlyList<QueryLogRecord> batch, CancellationToken cancellationToken);
}
