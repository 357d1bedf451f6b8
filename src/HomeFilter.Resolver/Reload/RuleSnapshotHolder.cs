namespace HomeFilter.Resolver.Reload;

/// <summary>Publishes the current <see cref="RuleSnapshot"/>: readers take it with one volatile read, writers swap it whole.</summary>
public sealed class RuleSnapshotHolder
{
    private RuleSnapshot _current = RuleSnapshot.Empty;

    public RuleSnapshotHolder()
    {
        RuleMetrics.Register(this);
    }

    public RuleSnapshot Current => Volatile.Read(ref _current);

    public void Publish(RuleSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
    }
}
