using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Diagnostics;

/// <summary>
/// Running totals of answered queries by outcome, plus packets dropped unanswered. Kept as plain counters
/// (one interlocked add per query) so the admin API can show them without a metrics pipeline; the same
/// numbers are published as an observable counter on <see cref="ResolverMeter"/>.
/// </summary>
public sealed class QueryStatistics
{
    private static readonly QueryOutcome[] Outcomes = Enum.GetValues<QueryOutcome>();
    private static readonly string[] OutcomeNames = Array.ConvertAll(Outcomes, static o => o.ToString());

    // A counter rather than an array: categories are named by the policy and change with it. Tag values are the
    // outcome's and the snapshot's own strings, so counting allocates nothing.
    private static readonly Counter<long> ByCategory = ResolverMeter.Meter.CreateCounter<long>(
        "homefilter.dns.category.queries", unit: "{query}", description: "Queries a category decided (blocked or rewritten), by outcome and category.");
    private static readonly LiveInstances<QueryStatistics> Live = new();
    private readonly long[] _byOutcome = new long[Outcomes.Length];
    private long _dropped;

    static QueryStatistics()
    {
        ResolverMeter.Meter.CreateObservableCounter("homefilter.dns.queries", Observe, description: "Queries answered, by outcome.");
    }

    public QueryStatistics() => Live.Add(this);

    public void Count(QueryOutcome outcome) => Interlocked.Increment(ref _byOutcome[(int)outcome]);

    /// <summary>Counts a query a category decided, under its outcome and the category's name.</summary>
    public static void CountCategory(QueryOutcome outcome, string category) =>
        ByCategory.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeNames[(int)outcome]), new KeyValuePair<string, object?>("category", category));

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Get(QueryOutcome outcome) => Interlocked.Read(ref _byOutcome[(int)outcome]);

    /// <summary>A copy of the totals, keyed by outcome name in lower case.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        var result = new Dictionary<string, long>(Outcomes.Length, StringComparer.Ordinal);
        foreach (var outcome in Outcomes)
        {
            if (outcome != QueryOutcome.None)
            {
                result[outcome.ToString().ToLowerInvariant()] = Get(outcome);
            }
        }

        return result;
    }

    private static List<Measurement<long>> Observe()
    {
        var measurements = new List<Measurement<long>>(Outcomes.Length);
        foreach (var outcome in Outcomes)
        {
            if (outcome != QueryOutcome.None)
            {
                measurements.Add(new Measurement<long>(Live.Sum(statistics => statistics.Get(outcome)), new KeyValuePair<string, object?>("outcome", OutcomeNames[(int)outcome])));
            }
        }

        return measurements;
    }
}
