namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>
/// A new copy of a list was held back by a guard. Raised by <see cref="ListSourceStates.HeldBackRaised"/> so a
/// component that can alert people (HomeFilter.Monitoring) can subscribe without the resolver depending on it.
/// </summary>
public sealed class ListHeldBackEventArgs(string id, string source, string reason, DateTime timeUtc, DateTime? lastGoodUtc) : EventArgs
{
    public string Id { get; } = id;

    public string Source { get; } = source;

    public string Reason { get; } = reason;

    public DateTime TimeUtc { get; } = timeUtc;

    /// <summary>When the copy that stays in force was last given or confirmed.</summary>
    public DateTime? LastGoodUtc { get; } = lastGoodUtc;
}
