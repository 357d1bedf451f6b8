using HomeFilter.Storage.Alerts;

namespace HomeFilter.Hosting.Postgres;

/// <summary>The PostgreSQL alert store, opened without waiting for the server (see <see cref="DeferredQueryLogStore"/>).</summary>
internal sealed class DeferredAlertStore(IAlertStore inner, PostgresStoreStatus status) : IAlertStore
{
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        status.Available ? inner.InitializeAsync(cancellationToken) : Task.CompletedTask;

    public Task<Alert?> TryAddAsync(Alert alert, CancellationToken cancellationToken) => inner.TryAddAsync(alert, cancellationToken);

    public Task<IReadOnlyList<Alert>> ListAsync(AlertFilter filter, CancellationToken cancellationToken) => inner.ListAsync(filter, cancellationToken);

    public Task<bool> AcknowledgeAsync(long id, string by, DateTime atUtc, CancellationToken cancellationToken) => inner.AcknowledgeAsync(id, by, atUtc, cancellationToken);

    public Task<IReadOnlyList<Alert>> UndeliveredAsync(CancellationToken cancellationToken) => inner.UndeliveredAsync(cancellationToken);

    public Task MarkDeliveredAsync(long id, CancellationToken cancellationToken) => inner.MarkDeliveredAsync(id, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    public override string? ToString() => inner.ToString();
}
