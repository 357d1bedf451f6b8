using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Diagnostics;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Observable gauges of the rules in force: the snapshot's generation, the names in its trie and each list's entries.
/// Read on collection only, over the holders and loaders alive (see <see cref="LiveInstances{T}"/>): a program has
/// one of each; where several run side by side, the gauges show the highest generation and name count, and every
/// loader's lists.
/// </summary>
internal static class RuleMetrics
{
    private static readonly LiveInstances<RuleSnapshotHolder> Holders = new();
    private static readonly LiveInstances<RuleSnapshotLoader> Loaders = new();

    static RuleMetrics()
    {
        ResolverMeter.Meter.CreateObservableGauge(
            "homefilter.rules.generation",
            static () => Holders.Max(static h => h.Current.Generation),
            unit: "{generation}",
            description: "Generation of the rule snapshot in force; 0 until the first is loaded, one more per reload.");
        ResolverMeter.Meter.CreateObservableGauge(
            "homefilter.rules.names",
            static () => Holders.Max(static h => h.Current.Trie.NameCount),
            unit: "{name}",
            description: "Distinct names in the category trie in force.");
        ResolverMeter.Meter.CreateObservableGauge(
            "homefilter.lists.entries",
            ListEntries,
            unit: "{entry}",
            description: "Entries read from each list of the rules in force, by category and list.");
    }

    public static void Register(RuleSnapshotHolder holder) => Holders.Add(holder);

    public static void Register(RuleSnapshotLoader loader) => Loaders.Add(loader);

    private static List<Measurement<long>> ListEntries()
    {
        var result = new List<Measurement<long>>();
        foreach (var loader in Loaders.Alive())
        {
            var categories = loader.Holder.Current.Categories;
            foreach (var list in loader.Lists)
            {
                var index = list.Source.Category;
                var category = index >= 0 && index < categories.Count ? categories[index] : "unknown";
                result.Add(new Measurement<long>(
                    list.Report.Entries,
                    new KeyValuePair<string, object?>("category", category),
                    new KeyValuePair<string, object?>("list", list.Source.Name)));
            }
        }

        return result;
    }
}
