namespace HomeFilter.Rules.Policy.SafeSearch;

/// <summary>
/// The safe-search mapping read from <c>blocklists/safesearch.txt</c>: enforced safe hosts (targets) and the exact
/// names rewritten to each. Every name appears once.
/// </summary>
public sealed class SafeSearchMap
{
    /// <summary>Creates a map; <paramref name="entries"/> refer to <paramref name="targets"/> by index.</summary>
    public SafeSearchMap(IReadOnlyList<string> targets, IReadOnlyList<SafeSearchEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(entries);
        Targets = targets;
        Entries = entries;
    }

    /// <summary>A map without targets or names.</summary>
    public static SafeSearchMap Empty { get; } = new([], []);

    /// <summary>The enforced safe hosts (normalised, e.g. <c>forcesafesearch.google.com</c>), in file order.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>The names rewritten, in file order, each with the index of its target.</summary>
    public IReadOnlyList<SafeSearchEntry> Entries { get; }
}
