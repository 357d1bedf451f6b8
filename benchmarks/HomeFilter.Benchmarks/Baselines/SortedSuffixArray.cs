namespace HomeFilter.Benchmarks.Baselines;

/// <summary>Baseline: a sorted array of names, binary-searched with each suffix of the query.</summary>
public sealed class SortedSuffixArray
{
    private readonly string[] _names;

    public SortedSuffixArray(IEnumerable<string> names)
    {
        _names = [.. new HashSet<string>(names, StringComparer.Ordinal)];
        Array.Sort(_names, StringComparer.Ordinal);
    }

    public int Count => _names.Length;

    /// <summary>True when the (lower-case) name or one of its parents is listed.</summary>
    public bool Matches(ReadOnlySpan<char> name)
    {
        var names = _names.AsSpan();
        while (true)
        {
            if (names.BinarySearch(new Probe(name)) >= 0)
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

    private readonly ref struct Probe(ReadOnlySpan<char> name) : IComparable<string>
    {
        private readonly ReadOnlySpan<char> _name = name;

        public int CompareTo(string? other) => _name.SequenceCompareTo(other);
    }
}
