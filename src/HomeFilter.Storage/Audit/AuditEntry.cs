namespace HomeFilter.Storage.Audit;

/// <summary>One change: who made it, when, from where, what it changed, and the value before and after (JSON, or null).</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }

    public required DateTime TimeUtc { get; init; }

    /// <summary>The account or token that made the change ("token:backup", "admin-token", "setup").</summary>
    public required string Actor { get; init; }

    /// <summary>The client address the change came from.</summary>
    public string? Address { get; init; }

    /// <summary>What was done, e.g. "device.rename", "policy.import", "override.add".</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to, e.g. a device address, a group name.</summary>
    public string? Target { get; init; }

    public string? Before { get; init; }

    public string? After { get; init; }
}
