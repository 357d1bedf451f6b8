using HomeFilter.Storage.Health;

namespace HomeFilter.Hosting.Postgres;

/// <summary>Whether the PostgreSQL schema is in place; set by <see cref="PostgresSchemaService"/>, read by <c>/health/ready</c> and the store wrappers.</summary>
internal sealed class PostgresStoreStatus : IStoreStatus
{
    private volatile string? _problem = "not connected yet";
    private volatile bool _available;

    public bool Available => _available;

    public string? Problem => _problem;

    public void SetAvailable()
    {
        _problem = null;
        _available = true;
    }

    public void SetProblem(string problem) => _problem = problem;
}
