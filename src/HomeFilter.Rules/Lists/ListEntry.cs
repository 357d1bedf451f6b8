using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Lists;

/// <summary>One entry read from a list.</summary>
/// <param name="Name">The normalised name (lower-case A-labels, no trailing dot).</param>
/// <param name="Action">Block or allow.</param>
/// <param name="Scope">The name and its subdomains, or the exact name only.</param>
/// <param name="LineNumber">1-based line the entry came from.</param>
public readonly record struct ListEntry(string Name, RuleAction Action, MatchScope Scope, int LineNumber)
{
    /// <summary>The value this entry contributes for <paramref name="category"/> (ignored for allow entries).</summary>
    public RuleValue ToValue(int category) => RuleValue.For(Action, Scope, category);
}
