using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Explain;

/// <summary>A list line that lists the queried name or one of its parents.</summary>
/// <param name="ListName">The list (<see cref="Lists.RuleSource.Name"/>).</param>
/// <param name="Category">The list's category.</param>
/// <param name="LineNumber">1-based line in the list.</param>
/// <param name="ListedName">The name the line lists (a suffix of the query, normalised).</param>
/// <param name="Action">Block or allow.</param>
/// <param name="Scope">Subtree or exact-only.</param>
/// <param name="Applies">False for an exact-only entry of a parent, which does not reach the query.</param>
/// <param name="Decisive">This line lists the suffix that decided the trie's answer, with the effect it had.</param>
public sealed record RuleOrigin(
    string ListName,
    int Category,
    int LineNumber,
    string ListedName,
    RuleAction Action,
    MatchScope Scope,
    bool Applies,
    bool Decisive);
