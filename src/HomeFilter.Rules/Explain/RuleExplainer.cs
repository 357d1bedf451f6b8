using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Names;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Explain;

/// <summary>
/// Explains a trie's answer for a name by finding the list lines behind it.
/// </summary>
/// <remarks>
/// Provenance costs the live trie nothing: no list or line is stored per name. Instead the explainer
/// re-reads the sources (streaming, off the query path) and keeps the lines that list the query or one
/// of its parents; the trie's <see cref="TrieMatch.MatchedLabels"/> says which of those decided. Its cost
/// is one pass over the lists per explanation (about a second for millions of entries), which suits an
/// admin page or a command, not a per-query log.
/// </remarks>
public sealed class RuleExplainer
{
    private readonly IReadOnlyList<RuleSource> _sources;

    /// <summary>Creates an explainer over the lists a trie was built from.</summary>
    public RuleExplainer(IReadOnlyList<RuleSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources;
    }

    /// <summary>Explains the answer of <paramref name="trie"/> for <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">The name is not a valid domain name.</exception>
    public RuleExplanation Explain(CategoryTrie trie, string name)
    {
        ArgumentNullException.ThrowIfNull(trie);
        var normalized = DomainName.Normalize(name);
        var match = trie.Match(normalized);
        var suffixes = Suffixes(normalized);
        var decidingName = match.IsMatch ? SuffixWithLabels(normalized, match.MatchedLabels) : null;

        var lookup = suffixes.GetAlternateLookup<ReadOnlySpan<char>>();
        var origins = new List<RuleOrigin>();
        foreach (var source in _sources)
        {
            using var text = source.OpenText();
            var reader = new ListReader(text, source.Format);
            while (reader.Read())
            {
                if (!lookup.TryGetValue(reader.Name, out var listed))
                {
                    continue;
                }

                var value = source.ValueOf(reader.Action, reader.Scope);
                var action = value.Allow || value.ExactAllow ? RuleAction.Allow : RuleAction.Block;
                var applies = reader.Scope == MatchScope.Subtree || listed.Length == normalized.Length;
                var decisive = applies && listed == decidingName && (action == RuleAction.Allow
                    ? match.AllowMatched
                    : (match.CategoryMask & RuleValue.CategoryBit(source.Category)) != 0);
                origins.Add(new RuleOrigin(source.Name, source.Category, reader.LineNumber, listed, action, reader.Scope, applies, decisive));
            }
        }

        // Stable: deepest suffix first, then in list order and line order as read.
        RuleOrigin[] ordered = [.. origins.OrderByDescending(o => o.ListedName.Length)];
        return new RuleExplanation(normalized, match, decidingName, ordered);
    }

    private static HashSet<string> Suffixes(string name)
    {
        var suffixes = new HashSet<string>(StringComparer.Ordinal) { name };
        for (var dot = name.IndexOf('.'); dot >= 0; dot = name.IndexOf('.', dot + 1))
        {
            suffixes.Add(name[(dot + 1)..]);
        }

        return suffixes;
    }

    private static string SuffixWithLabels(string name, int labels)
    {
        if (labels == 0)
        {
            return string.Empty;
        }

        var start = name.Length;
        for (var i = 0; i < labels; i++)
        {
            start = name.LastIndexOf('.', start - 1);
            if (start < 0)
            {
                return name;
            }
        }

        return name[(start + 1)..];
    }
}
