using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Compiled;

/// <summary>A rules file read and checked: the trie ready for lookups, what the file says of its inputs and lists.</summary>
public sealed class RuleFile
{
    internal RuleFile(byte[] inputs, CategoryTrie trie, IReadOnlyList<RuleFileList> lists, TimeSpan parseTime)
    {
        Inputs = inputs;
        Trie = trie;
        Lists = lists;
        ParseTime = parseTime;
    }

    /// <summary>The input description given to <see cref="RuleFileWriter.Write"/>, byte for byte.</summary>
    public ReadOnlyMemory<byte> Inputs { get; }

    /// <summary>The combined trie; its bytes are the file's (read into one block or mapped).</summary>
    public CategoryTrie Trie { get; }

    /// <summary>Each list's figures, in the order the rules were built.</summary>
    public IReadOnlyList<RuleFileList> Lists { get; }

    /// <summary>The parse time of the build that wrote the file.</summary>
    public TimeSpan ParseTime { get; }

    /// <summary>
    /// The rule set as a build of <paramref name="sources"/> would give it; null when the sources are not the
    /// lists the file was built from (count or names differ).
    /// </summary>
    public RuleSetLoadResult? ToLoadResult(IReadOnlyList<RuleSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count != Lists.Count)
        {
            return null;
        }

        var results = new ListLoadResult[sources.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var list = Lists[i];
            if (!string.Equals(sources[i].Name, list.Name, StringComparison.Ordinal))
            {
                return null;
            }

            results[i] = new ListLoadResult(sources[i], list.Report, list.DistinctNames, list.RetainedBytes, list.BuildTime, list.ParseTime);
        }

        return new RuleSetLoadResult(Trie, results, ParseTime);
    }
}
