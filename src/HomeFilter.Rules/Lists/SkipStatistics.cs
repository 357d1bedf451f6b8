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
}
