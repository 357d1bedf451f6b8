using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Diagnostics;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Observable gauges of the rules in force: the snapshot's generation, the names in its trie and each list's entries.
/// Read on collection only; the holder and loader are held weakly, as the meter is process-wide and they are not.
/// </summary>
internal static class RuleMetrics
{
    public static void Register(RuleSnapshotHolder holder)
    {
        var weak = new WeakReference<RuleSnapshotHolder>(holder);
        ResolverMeter.Meter.CreateObservableGauge(
            "homefilter.rules.generation",
            () => weak.TryGetTarget(out var h) ? [new Measurement<long>(h.Current.Generation)] : Array.Empty<Measurement<long>>(),
            unit: "{generation}",
            description: "Generation of the rule snapshot in force; 0 until the first is loaded, one more per reload.");
        ResolverMeter.Meter.CreateObservableGauge(
            "homefilter.rules.names",
            () => weak.TryGetTarget(out var h) ? [new Measurement<long>(h.Current.Trie.NameCount)] : Array.Empty<Measurement<long>>(),
            unit: "{name}",
            description: "Distinct names in the category trie in force.");
    }

    public static void Register(RuleSnapshotLoader loader, RuleSnapshotHolder holder)
    {
        var weakLoader = new WeakReference<RuleSnapshotLoader>(loader);
        var weakHolder = new WeakReference<RuleSnapshotHolder>(holder);
        ResolverMeter.Meter.CreateObservableGauge(
            "homefilter.lists.entries",
            () => ListEntries(weakLoader, weakHolder),
            unit: "{entry}",
            description: "Entries read from each list of the rules in force, by category and list.");
    }

    private static List<Measurement<long>> ListEntries(WeakReference<RuleSnapshotLoader> weakLoader, WeakReference<RuleSnapshotHolder> weakHolder)
    {
        var result = new List<Measurement<long>>();
        if (!weakLoader.TryGetTarget(out var loader) || !weakHolder.TryGetTarget(out var holder))
        {
            return result;
        }

        var categories = holder.Current.Categories;
        foreach (var list in loader.Lists)
        {
            var index = list.Source.Category;
            var category = index >= 0 && index < categories.Count ? categories[index] : "unknown";
            result.Add(new Measurement<long>(
                list.Report.Entries,
                new KeyValuePair<string, object?>("category", category),
                new KeyValuePair<string, object?>("list", list.Source.Name)));
        }

        return result;
    }
}
