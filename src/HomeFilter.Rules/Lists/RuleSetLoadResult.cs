using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Lists;

/// <summary>The trie built from a set of lists, with each list's result.</summary>
/// <param name="Trie">The combined trie.</param>
/// <param name="Lists">Per-list results, in the order given.</param>
/// <param name="ParseTime">Time spent reading, parsing and adding all lists.</param>
public sealed record RuleSetLoadResult(CategoryTrie Trie, IReadOnlyList<ListLoadResult> Lists, TimeSpan ParseTime);
