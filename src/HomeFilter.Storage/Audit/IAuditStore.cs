namespace HomeFilter.Storage.Audit;

/// <summary>The audit log: append-only from the program's side.</summary>
public interface IAuditStore
{
    Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditFilter filter, CancellationToken cancellationToken);
}
