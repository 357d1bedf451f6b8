using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Diagnostics;

public sealed class LiveInstancesTests
{
    private sealed class Counted(long value)
    {
        public long Value { get; } = value;
    }

    [Fact]
    public void Sum_and_max_cover_every_instance_alive()
    {
        var live = new LiveInstances<Counted>();
        var first = new Counted(3);
        var second = new Counted(5);
        live.Add(first);
        live.Add(second);

        Assert.Equal(8, live.Sum(static c => c.Value));
        Assert.Equal(5, live.Max(static c => c.Value));
        Assert.Equal([first, second], live.Alive());
    }

    [Fact]
    public void An_instance_nothing_else_holds_is_no_longer_counted()
    {
        var live = new LiveInstances<Counted>();
        var kept = new Counted(2);
        live.Add(kept);
        AddUnreferenced(live, 40);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(2, live.Sum(static c => c.Value));
        Assert.Same(kept, Assert.Single(live.Alive()));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddUnreferenced(LiveInstances<Counted> live, long value) => live.Add(new Counted(value));

    [Fact]
    public void The_queries_counter_is_one_series_per_outcome_with_the_total_of_every_live_server()
    {
        var one = new QueryStatistics();
        var other = new QueryStatistics();
        one.Count(QueryOutcome.Forwarded);
        other.Count(QueryOutcome.Forwarded);
        other.Count(QueryOutcome.Forwarded);
        var seen = new List<(string Outcome, long Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ResolverMeter.Name && instrument.Name == "homefilter.dns.queries")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (seen)
            {
                seen.Add(((string)tags[0].Value!, value));
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();

        // Other tests' servers may add to the totals, never take away from them.
        var forwarded = Assert.Single(seen, s => s.Outcome == nameof(QueryOutcome.Forwarded));
        Assert.True(forwarded.Value >= 3, $"forwarded total {forwarded.Value}");
        Assert.DoesNotContain(seen, s => s.Outcome == nameof(QueryOutcome.None));
        GC.KeepAlive(one);
        GC.KeepAlive(other);
    }
}
