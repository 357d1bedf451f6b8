using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>Names devices query on their own (connectivity checks, time, push, updates): not activity of a person.</summary>
public sealed class BackgroundNames
{
    private readonly CategoryTrie _trie;

    private BackgroundNames(CategoryTrie trie) => _trie = trie;

    public static BackgroundNames None { get; } = new(CategoryTrie.Empty);

    public int Count => _trie.NameCount;

    /// <summary>Loads a plain or hosts list; a missing file gives <see cref="None"/>.</summary>
    public static BackgroundNames Load(string path)
    {
        if (!File.Exists(path))
        {
            return None;
        }

        return new BackgroundNames(RuleSetLoader.Load([new RuleSource(path, 0, () => File.OpenRead(path))]).Trie);
    }

    public static BackgroundNames FromNames(IEnumerable<string> names)
    {
        var builder = new CategoryTrieBuilder();
        foreach (var name in names)
        {
            builder.Add(name, RuleValue.Block(0));
        }

        return new BackgroundNames(builder.Build());
    }

    public bool Contains(string name) => _trie.Match(name).IsBlocked;
}
