namespace HomeFilter.Benchmarks.Baselines;

/// <summary>
/// Baseline: a <see cref="HashSet{T}"/> of names probed with each suffix of the query, longest first,
/// through a span lookup so the probe itself allocates nothing.
/// </summary>
public sealed class SuffixHashSet
{
    private readonly HashSet<string> _names;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SuffixHashSet(IEnumerable<string> names)
    {
        _names = new HashSet<string>(names, StringComparer.Ordinal);
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _names.Count;

    /// <summary>True when the (lower-case) name or one of its parents is listed.</summary>
    public bool Matches(ReadOnlySpan<char> name)
    {
        while (true)
        {
            if (_lookup.Contains(name))
            {
                return true;
            }

            var dot = name.IndexOf('.');
            if (dot < 0)
            {
                return false;
            }

            name = name[(dot + 1)..];
        }
    }
}
