namespace HomeFilter.Rules.Trie;

/// <summary>The answer of a <see cref="CategoryTrie"/> lookup.</summary>
/// <remarks>
/// <see cref="RuleId"/> and <see cref="MatchedLabels"/> name the deepest listed suffix of the query that
/// changed the outcome: the rightmost <see cref="MatchedLabels"/> labels of the query are the listed name
/// (0 with a non-negative id means the root entry). <see cref="Explain.RuleExplainer"/> turns that back into list
/// lines.
/// </remarks>
public readonly struct TrieMatch : IEquatable<TrieMatch>
{
    /// <summary>A lookup that matched nothing.</summary>
    public static readonly TrieMatch None = new(0, false, -1, 0);

    /// <summary>Creates a match result.</summary>
    public TrieMatch(ulong categoryMask, bool allowMatched, int ruleId, int matchedLabels)
    {
        CategoryMask = categoryMask;
        AllowMatched = allowMatched;
        RuleId = ruleId;
        MatchedLabels = matchedLabels;
    }

    /// <summary>Categories that block the name (bit n = category n); 0 when not blocked.</summary>
    public ulong CategoryMask { get; }

    /// <summary>An allow entry decided the outcome (no deeper block overrode it).</summary>
    public bool AllowMatched { get; }

    /// <summary>Identifies the deciding trie record within this trie; -1 when nothing matched.</summary>
    public int RuleId { get; }

    /// <summary>How many labels, counted from the right of the query, the deciding entry has.</summary>
    public int MatchedLabels { get; }

    /// <summary>True when some entry applied to the name.</summary>
    public bool IsMatch => RuleId >= 0;

    /// <summary>True when at least one category blocks the name.</summary>
    public bool IsBlocked => CategoryMask != 0;

    /// <summary>True when category <paramref name="category"/> blocks the name.</summary>
    public bool HasCategory(int category) => (CategoryMask & RuleValue.CategoryBit(category)) != 0;

    /// <inheritdoc />
    public bool Equals(TrieMatch other) =>
        CategoryMask == other.CategoryMask && AllowMatched == other.AllowMatched &&
        RuleId == other.RuleId && MatchedLabels == other.MatchedLabels;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TrieMatch other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CategoryMask, AllowMatched, RuleId, MatchedLabels);

    /// <inheritdoc />
    public override string ToString() =>
        $"mask=0x{CategoryMask:x} allow={AllowMatched} rule={RuleId} labels={MatchedLabels}";

    /// <summary>Equality.</summary>
    public static bool operator ==(TrieMatch left, TrieMatch right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TrieMatch left, TrieMatch right) => !left.Equals(right);
}
