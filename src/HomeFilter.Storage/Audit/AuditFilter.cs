namespace HomeFilter.Storage.Audit;

/// <summary>Which audit entries to read, newest first.</summary>
public sealed record AuditFilter
{
    public const int MaxLimit = 1000;

    public string? Actor { get; init; }

    public string? Action { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    /// <summary>Entries with an id below this (the next page).</summary>
    public long? Before { get; init; }

    public int Limit { get; init; } = 100;
}
