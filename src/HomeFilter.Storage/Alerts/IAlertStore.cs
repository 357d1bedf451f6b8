namespace HomeFilter.Storage.Alerts;

/// <summary>Raised alerts, kept until acknowledged and beyond.</summary>
public interface IAlertStore : IAsyncDisposable
{
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores the alert unless one with its dedupe key exists; returns the stored alert (with id), or null when it was a duplicate.</summary>
    Task<Alert?> TryAddAsync(Alert alert, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<Alert>> ListAsync(AlertFilter filter, CancellationToken cancellationToken);

    /// <summary>False when there is no such alert.</summary>
    Task<bool> AcknowledgeAsync(long id, string by, DateTime atUtc, CancellationToken cancellationToken);

    /// <summary>Alerts not yet delivered, oldest first.</summary>
    Task<IReadOnlyList<Alert>> UndeliveredAsync(CancellationToken cancellationToken);

    Task MarkDeliveredAsync(long id, CancellationToken cancellationToken);
}
