namespace HomeFilter.Rules.Lists;

/// <summary>How often one <see cref="SkipReason"/> occurred in a list, with the first few line numbers.</summary>
public sealed class SkipStatistics
{
    /// <summary>How many line numbers are kept per reason.</summary>
    public const int KeptLineNumbers = 5;

    private readonly List<int> _firstLines = new(KeptLineNumbers);

    /// <summary>Occurrences.</summary>
    public int Count { get; private set; }

    /// <summary>The first (up to <see cref="KeptLineNumbers"/>) line numbers, 1-based.</summary>
    public IReadOnlyList<int> FirstLines => _firstLines;

    internal void Add(int lineNumber)
    {
        Count++;
        if (_firstLines.Count < KeptLineNumbers)
        {
            _firstLines.Add(lineNumber);
        }
    }

    /// <summary>Statistics read back from a rules file: the count as it was, the first lines added after.</summary>
    internal static SkipStatistics Restore(int count) => new() { Count = count };

    internal void RestoreLine(int lineNumber)
    {
        if (_firstLines.Count < KeptLineNumbers)
        {
            _firstLines.Add(lineNumber);
        }
    }
}
