using System.Diagnostics;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Lists;

/// <summary>Reads a set of lists, streaming, into one <see cref="CategoryTrie"/>.</summary>
public static class RuleSetLoader
{
    /// <summary>
    /// Loads every source into one trie. With <paramref name="perListFigures"/>, each list is also built
    /// alone to report its own size and build time (slower, and it holds a second copy of the list being
    /// read; for the <c>lists stats</c> command).
    /// </summary>
    /// <remarks>
    /// On more than one core (and without per-list figures) the lists are parsed on another thread while this one
    /// adds their entries (<see cref="PipelinedListLoad"/>); the trie and the reports are the same either way.
    /// Without per-list figures, a list's duplicates are the entries the combined builder already held
    /// with the same effect: exact when every list has its own category, and counting repeats across
    /// lists of one category otherwise.
    /// </remarks>
    /// <param name="sources">The lists, in category order.</param>
    /// <param name="perListFigures">Also build each list alone for its own figures.</param>
    /// <param name="essential">
    /// Names no list may block: a block entry that equals one or is a parent of one is held back and reported in the
    /// list's <see cref="ParseReport.EssentialHolds"/>; everything else in the list still applies. Null: none.
    /// </param>
    public static RuleSetLoadResult Load(IEnumerable<RuleSource> sources, bool perListFigures = false, EssentialNames? essential = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        essential ??= EssentialNames.None;
        var combined = new CategoryTrieBuilder();
        var total = Stopwatch.StartNew();
        var results = !perListFigures && Environment.ProcessorCount > 1
            ? PipelinedListLoad.Run([.. sources], essential, combined)
            : Serial(sources, perListFigures, essential, combined);
        var parseTime = total.Elapsed;
        return new RuleSetLoadResult(combined.Build(), results, parseTime);
    }

    /// <summary>Reads, parses and adds each list in turn on this thread.</summary>
    internal static List<ListLoadResult> Serial(IEnumerable<RuleSource> sources, bool perListFigures, EssentialNames essential, CategoryTrieBuilder combined)
    {
        var results = new List<ListLoadResult>();
        foreach (var source in sources)
        {
            var parse = Stopwatch.StartNew();
            var single = perListFigures ? new CategoryTrieBuilder() : null;
            ParseReport report;
            using (var text = source.OpenText())
            {
                var reader = new ListReader(text, source.Format);
                while (reader.Read())
                {
                    if (!Applies(reader, source, essential, out var value))
                    {
                        continue;
                    }

                    var added = combined.Add(reader.Name, value);
                    if (single is not null)
                    {
                        added = single.Add(reader.Name, value);
                    }

                    if (added == AddResult.Duplicate)
                    {
                        reader.Report.CountDuplicate();
                    }
                }

                report = reader.Report;
            }

            parse.Stop();
            var names = single?.Count ?? report.Entries - report.Duplicates;
            long retained = 0;
            var buildTime = TimeSpan.Zero;
            if (single is not null)
            {
                var trie = single.Build();
                retained = trie.RetainedBytes;
                buildTime = trie.Statistics.BuildTime;
            }

            results.Add(new ListLoadResult(source, report, names, retained, buildTime, parse.Elapsed));
        }

        return results;
    }

    /// <summary>
    /// The value of the entry <paramref name="reader"/> is on, or false when the entry would block an essential name
    /// (then it is held back and counted in the list's report).
    /// </summary>
    internal static bool Applies(ListReader reader, RuleSource source, EssentialNames essential, out RuleValue value)
    {
        if (reader.Action == RuleAction.Block && !source.IsAllowList && essential.WouldBlock(reader.Name, reader.Scope))
        {
            reader.Report.CountEssentialHold(reader.Name, reader.LineNumber);
            value = default;
            return false;
        }

        value = source.ValueOf(reader.Action, reader.Scope);
        return true;
    }
}
