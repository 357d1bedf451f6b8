using HomeFilter.Testing;
using System.Diagnostics;
using System.Net;
using HomeFilter.Resolver.RateLimit;

namespace HomeFilter.Resolver.Tests.RateLimit;

/// <summary>The bucket table and the two-level limiter, with time given explicitly (no clocks, no sleeps).</summary>
public class TokenBucketTableTests
{
    private static readonly long Second = Stopwatch.Frequency;
    private const long Start = 1_000_000_000_000;

    public static TheoryData<int, int, int, double, int> Rates => new()
    {
        // rate per second, burst, queries sent at once, seconds later, allowed again after the wait
        { 200, 400, 1000, 1.0, 200 },
        { 200, 400, 1000, 0.5, 100 },
        { 200, 400, 1000, 10.0, 400 },
        { 10, 1, 5, 0.1, 1 },
        { 10, 1, 5, 0.05, 0 },
        { 1000, 50, 50, 0.01, 10 },
    };

    [Theory]
    [MemberData(nameof(Rates))]
    public void A_bucket_allows_its_burst_at_once_then_its_rate(int rate, int burst, int sent, double waitSeconds, int allowedAfter)
    {
        var table = new TokenBucketTable(64);
        var limits = ClientLimits.From(rate, burst, 0, 1);
        const ulong Key = 42;

        Assert.Equal(Math.Min(sent, burst), Send(table, Key, Start, limits, sent));
        Assert.Equal(allowedAfter, Send(table, Key, Start + (long)(waitSeconds * Second), limits, sent));
    }

    [Fact]
    public void A_rejected_query_costs_nothing()
    {
        var table = new TokenBucketTable(64);
        var limits = ClientLimits.From(100, 10, 0, 1);
        Assert.Equal(10, Send(table, 7, Start, limits, 10_000));

        // Ten thousand rejections did not push the bucket further into debt: a tenth of a second buys ten queries.
        Assert.Equal(10, Send(table, 7, Start + (Second / 10), limits, 100));
    }

    public static TheoryData<string, string, bool, bool> Prefixes => new()
    {
        // first client, second client, same address bucket, same network bucket
        { "192.0.2.1", "192.0.2.1", true, true },
        { "192.0.2.1", "192.0.2.2", false, true },
        { "192.0.2.1", "192.0.3.1", false, false },
        { "2001:db8:1:2::1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", true, true },
        { "2001:db8:1:2::1", "2001:db8:1:3::1", false, true },
        { "2001:db8:1:2::1", "2001:db8:1:ff::1", false, true },
        { "2001:db8:1:100::1", "2001:db8:1:200::1", false, false },
        { "::1", "::1", true, true },
        { "::1", "127.0.0.1", false, false },
        { "0.0.0.1", "::1", false, false },
    };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Addresses_share_buckets_by_prefix(string first, string second, bool sameAddress, bool sameNetwork)
    {
        var a = IPAddress.Parse(first).GetAddressBytes();
        var b = IPAddress.Parse(second).GetAddressBytes();
        Assert.Equal(sameAddress, PrefixKey.Address(a) == PrefixKey.Address(b));
        Assert.Equal(sameNetwork, PrefixKey.Network(a) == PrefixKey.Network(b));
        Assert.NotEqual(0UL, PrefixKey.Address(a));
        Assert.NotEqual(0UL, PrefixKey.Network(a));

        // And the limiter behaves accordingly: the first client empties its address bucket; the second is limited by
        // address only when it shares that bucket.
        var limiter = new ClientRateLimiter(256);
        var limits = ClientLimits.From(10, 5, 0, 1);
        for (var i = 0; i < 5; i++)
        {
            Assert.NotEqual(RateDecision.LimitedAddress, limiter.Check(a, limits, Start));
        }

        Assert.Equal(sameAddress, limiter.Check(b, limits, Start) == RateDecision.LimitedAddress);
    }

    [Theory]
    [InlineData("192.0.2.1", "192.0.2.77")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1")]
    public void A_network_limit_covers_its_neighbours_but_an_address_over_its_own_limit_does_not_spend_it(string flooder, string neighbour)
    {
        var limiter = new ClientRateLimiter(256);
        var limits = ClientLimits.From(10, 10, 100, 15);
        var heavy = IPAddress.Parse(flooder).GetAddressBytes();
        var next = IPAddress.Parse(neighbour).GetAddressBytes();

        var limitedByAddress = 0;
        for (var i = 0; i < 1000; i++)
        {
            limitedByAddress += limiter.Check(heavy, limits, Start) == RateDecision.LimitedAddress ? 1 : 0;
        }

        // The flooder got its 10; the network still has 5 of its 15 for the neighbour, then says no.
        Assert.Equal(990, limitedByAddress);
        for (var i = 0; i < 5; i++)
        {
            Assert.NotEqual(RateDecision.LimitedNetwork, limiter.Check(next, limits, Start));
        }

        Assert.Equal(RateDecision.LimitedNetwork, limiter.Check(next, limits, Start));
    }

    [Fact]
    public void An_address_past_half_its_burst_is_heavy()
    {
        var limiter = new ClientRateLimiter(64);
        var limits = ClientLimits.From(10, 10, 0, 1);
        var address = IPAddress.Parse("192.0.2.9").GetAddressBytes();
        var decisions = new List<RateDecision>();
        for (var i = 0; i < 11; i++)
        {
            decisions.Add(limiter.Check(address, limits, Start));
        }

        Assert.Equal([.. Enumerable.Repeat(RateDecision.Allowed, 5), .. Enumerable.Repeat(RateDecision.AllowedHeavy, 5), RateDecision.LimitedAddress], decisions);
    }

    [Fact]
    public void Off_levels_never_limit()
    {
        var limiter = new ClientRateLimiter(64);
        var address = IPAddress.Parse("192.0.2.9").GetAddressBytes();
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(RateDecision.Allowed, limiter.Check(address, ClientLimits.From(0, 1, 0, 1), Start));
        }

        Assert.True(ClientLimits.From(0, 5, 0, 5).IsOff);
        Assert.False(ClientLimits.From(0, 5, 1, 5).IsOff);
    }

    [Fact]
    public void Stale_buckets_are_reused_so_memory_stays_bounded()
    {
        var table = new TokenBucketTable(16);
        var limits = ClientLimits.From(1, 2, 0, 1);
        for (ulong key = 1; key <= 10_000; key++)
        {
            // Each client queries once, a second after the one before: by then every earlier bucket is full again.
            Assert.True(table.TryTake(key, Start + ((long)key * Second), limits.AddressInterval, limits.AddressCapacity) >= 0);
        }

        Assert.Equal(16, table.Capacity);
        Assert.Equal(1, table.CountActive(Start + (10_000 * Second)));
    }

    [Fact]
    public void A_full_table_hands_the_closest_to_full_bucket_to_a_newcomer_who_starts_full()
    {
        var table = new TokenBucketTable(8);
        var limits = ClientLimits.From(1, 3, 0, 1);

        // Eight clients all within their limits and all active: every slot is live.
        for (ulong key = 1; key <= 8; key++)
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.True(table.TryTake(key, Start, limits.AddressInterval, limits.AddressCapacity) >= 0);
            }
        }

        Assert.Equal(8, table.CountActive(Start));

        // A ninth client still gets its whole burst: one bucket is taken over, none is added.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(table.TryTake(99, Start, limits.AddressInterval, limits.AddressCapacity) >= 0);
        }

        Assert.Equal(-1, table.TryTake(99, Start, limits.AddressInterval, limits.AddressCapacity));
        Assert.Equal(8, table.CountActive(Start));
    }

    [Fact]
    public void Many_threads_together_get_no_more_than_the_burst()
    {
        var table = new TokenBucketTable(64);
        var limits = ClientLimits.From(1, 1000, 0, 1);
        var allowed = 0;
        Parallel.For(0, 8, _ =>
        {
            var mine = 0;
            for (var i = 0; i < 10_000; i++)
            {
                mine += table.TryTake(5, Start, limits.AddressInterval, limits.AddressCapacity) >= 0 ? 1 : 0;
            }

            Interlocked.Add(ref allowed, mine);
        });

        Assert.Equal(1000, allowed);
    }

    [Fact]
    public void Checking_allocates_nothing()
    {
        var limiter = new ClientRateLimiter(1024);
        var limits = ClientLimits.From(250, 1000, 1000, 4000);
        var v4 = IPAddress.Parse("192.0.2.9").GetAddressBytes();
        var v6 = IPAddress.Parse("2001:db8::9").GetAddressBytes();
        Assert.Equal(0, Allocations.Fewest(10_000, i =>
        {
            limiter.Check(v4, limits, Start + i);
            limiter.Check(v6, limits, Start + i);
        }));
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2::9", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void Address_keys_read_back_for_people(string address, string shown)
    {
        Assert.Equal(shown, PrefixKey.FormatAddress(PrefixKey.Address(IPAddress.Parse(address).GetAddressBytes())));
    }

    private static int Send(TokenBucketTable table, ulong key, long now, ClientLimits limits, int count)
    {
        var allowed = 0;
        for (var i = 0; i < count; i++)
        {
            allowed += table.TryTake(key, now, limits.AddressInterval, limits.AddressCapacity) >= 0 ? 1 : 0;
        }

        return allowed;
    }
}
