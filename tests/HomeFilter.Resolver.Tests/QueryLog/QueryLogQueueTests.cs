using HomeFilter.Resolver.QueryLog;

namespace HomeFilter.Resolver.Tests.QueryLog;

public sealed class QueryLogQueueTests
{
    private static readonly byte[] Flooder = [127, 0, 0, 2];
    private static readonly byte[] Bystander = [127, 0, 0, 3];
    private static readonly DateTime Start = new(2026, 12, 3, 20, 0, 0, DateTimeKind.Utc);

    private static bool Write(QueryLogQueue queue, byte[] client, int second)
    {
        var entry = queue.Rent();
        entry.SetClientAddress(client);
        entry.TimeUtc = Start.AddSeconds(second);
        return queue.TryWrite(entry);
    }

    [Fact]
    public void A_flooding_client_is_dropped_first_and_a_bystander_is_kept_while_the_writer_is_behind()
    {
        var queue = new QueryLogQueue(1024);
        var flooderAccepted = 0;
        var bystanderAccepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            flooderAccepted += Write(queue, Flooder, i / 1000) ? 1 : 0;
            if (i % 200 == 0)
            {
                bystanderAccepted += Write(queue, Bystander, i / 1000) ? 1 : 0;
            }
        }

        Assert.Equal(100, bystanderAccepted);
        Assert.True(flooderAccepted <= queue.Capacity, $"the flooder got {flooderAccepted} entries in");
        Assert.Equal(20_000 - flooderAccepted, queue.Dropped);
        Assert.Equal(flooderAccepted + bystanderAccepted, queue.Written);
        Assert.Equal(flooderAccepted + bystanderAccepted, queue.Pending);
    }

    [Fact]
    public void Every_dropped_entry_is_a_gap_of_its_client_with_the_span_it_covers()
    {
        var queue = new QueryLogQueue(64);
        for (var i = 0; i < 500; i++)
        {
            Write(queue, Flooder, i);
        }

        var gaps = new List<DroppedSpan>();
        queue.Gaps.Harvest(gaps);
        var gap = Assert.Single(gaps);
        Assert.Equal(("127.0.0.2", queue.Dropped), (gap.Client, gap.Count));
        Assert.Equal(Start.AddSeconds(500 - queue.Dropped), gap.FromUtc);
        Assert.Equal(Start.AddSeconds(499), gap.ToUtc);
        Assert.Equal(queue.Dropped, queue.Gaps.Total);

        gaps.Clear();
        queue.Gaps.Harvest(gaps);
        Assert.Empty(gaps);
    }

    [Fact]
    public void Reading_an_entry_gives_its_client_room_again()
    {
        var queue = new QueryLogQueue(64);
        var accepted = 0;
        while (Write(queue, Flooder, 0))
        {
            accepted++;
        }

        Assert.True(queue.TryRead(out var first));
        queue.Return(first);
        Assert.True(Write(queue, Flooder, 1));
        Assert.Equal(accepted, queue.Pending);
    }

    [Fact]
    public void Beyond_the_tracked_clients_drops_are_one_gap_of_several_clients()
    {
        var gaps = new QueryLogGaps();
        for (var i = 0; i < QueryLogGaps.MaxClients + 10; i++)
        {
            gaps.Record([10, 0, (byte)(i >> 8), (byte)i], Start.AddSeconds(i).Ticks);
        }

        var harvested = new List<DroppedSpan>();
        gaps.Harvest(harvested);
        Assert.Equal(QueryLogGaps.MaxClients + 1, harvested.Count);
        var others = Assert.Single(harvested, g => g.Client is null);
        Assert.Equal(10, others.Count);
        Assert.Equal(QueryLogGaps.MaxClients + 10, gaps.Total);
    }
}
