using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Explain;

/// <summary>Why a name is blocked, allowed or neither: the trie's answer and the list lines behind it.</summary>
/// <param name="Name">The query, normalised.</param>
/// <param name="Match">The trie's answer.</param>
/// <param name="DecidingName">The listed suffix that decided, or null when nothing matched.</param>
/// <param name="Origins">Every line of the given lists that lists the name or a parent, deepest suffix first.</param>
public sealed record RuleExplanation(string Name, TrieMatch Match, string? DecidingName, IReadOnlyList<RuleOrigin> Origins);
