using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Tests.Wire;
using HomeFilter.Resolver.Wire;
using HomeFilter.Testing;
using static HomeFilter.Resolver.Tests.Cache.CacheTestSupport;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Cache;

public class CacheStageTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task A_miss_asks_below_and_keeps_the_forwarded_answer_for_the_next_query()
    {
        var stage = new CacheStage(Create(_time));
        var upstream = new CountingUpstream(Answer("www.example.com", 300));

        var first = Context("www.example.com");
        await stage.InvokeAsync(first, upstream.Handle);
        _time.AdvanceSeconds(10);
        var second = Context("WWW.example.com");
        var pending = stage.InvokeAsync(second, upstream.Handle);

        Assert.Equal(QueryOutcome.Forwarded, first.Outcome);
        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(QueryOutcome.Cached, second.Outcome);
        Assert.Equal(1, upstream.Calls);
        Assert.Equal(290, Assert.Single(DnsWireCodec.Decode(second.Response).AnswerRecords).TimeToLive);
    }

    [Fact]
    public async Task Answers_from_an_asynchronous_upstream_are_kept_too()
    {
        var stage = new CacheStage(Create(_time));
        var upstream = new CountingUpstream(Answer("www.example.com", 300), yieldFirst: true);

        await stage.InvokeAsync(Context("www.example.com"), upstream.Handle);
        var second = Context("www.example.com");
        await stage.InvokeAsync(second, upstream.Handle);

        Assert.Equal(QueryOutcome.Cached, second.Outcome);
        Assert.Equal(1, upstream.Calls);
    }

    [Theory]
    [InlineData(QueryOutcome.Local)]
    [InlineData(QueryOutcome.Blocked)]
    public async Task Only_forwarded_answers_are_kept(QueryOutcome outcome)
    {
        var stage = new CacheStage(Create(_time));
        var upstream = new CountingUpstream(Answer("www.example.com", 300)) { Outcome = outcome };

        await stage.InvokeAsync(Context("www.example.com"), upstream.Handle);
        await stage.InvokeAsync(Context("www.example.com"), upstream.Handle);

        Assert.Equal(2, upstream.Calls);
    }

    [Fact]
    public async Task When_every_upstream_fails_a_stale_answer_is_served_with_the_stale_ttl()
    {
        var stage = new CacheStage(Create(_time, o => o.StaleAnswerTtlSeconds = 30));
        await stage.InvokeAsync(Context("www.example.com"), new CountingUpstream(Answer("www.example.com", 60)).Handle);
        _time.AdvanceSeconds(120);
        var failing = new CountingUpstream(null);

        var context = Context("www.example.com");
        await stage.InvokeAsync(context, failing.Handle);

        Assert.Equal(1, failing.Calls);
        Assert.Equal(QueryOutcome.Stale, context.Outcome);
        Assert.NotNull(context.Reason);
        Assert.Equal(30, Assert.Single(DnsWireCodec.Decode(context.Response).AnswerRecords).TimeToLive);
    }

    [Fact]
    public async Task An_expired_answer_is_not_served_while_the_upstream_works()
    {
        var stage = new CacheStage(Create(_time));
        await stage.InvokeAsync(Context("www.example.com"), new CountingUpstream(Answer("www.example.com", 60)).Handle);
        _time.AdvanceSeconds(61);
        var working = new CountingUpstream(Answer("www.example.com", 300, 300));

        var context = Context("www.example.com");
        await stage.InvokeAsync(context, working.Handle);

        Assert.Equal(QueryOutcome.Forwarded, context.Outcome);
        Assert.Equal(2, DnsWireCodec.Decode(context.Response).AnswerRecords.Count);
    }

    [Fact]
    public async Task Stale_answers_are_not_served_after_the_window()
    {
        var stage = new CacheStage(Create(_time, o => o.StaleWindowSeconds = 100));
        await stage.InvokeAsync(Context("www.example.com"), new CountingUpstream(Answer("www.example.com", 60)).Handle);
        _time.AdvanceSeconds(160);

        var context = Context("www.example.com");
        await stage.InvokeAsync(context, new CountingUpstream(null).Handle);

        Assert.Equal(QueryOutcome.Failed, context.Outcome);
        Assert.Equal(0, context.ResponseLength);
    }

    [Fact]
    public async Task A_forwarded_servfail_is_not_kept_and_lets_a_stale_answer_through()
    {
        var stage = new CacheStage(Create(_time));
        await stage.InvokeAsync(Context("www.example.com"), new CountingUpstream(Answer("www.example.com", 60)).Handle);
        _time.AdvanceSeconds(90);
        var servfail = new CountingUpstream(Negative("www.example.com", RecordType.A, ReturnCode.ServerFailure, null));

        var context = Context("www.example.com");
        await stage.InvokeAsync(context, servfail.Handle);
        await stage.InvokeAsync(Context("www.example.com"), servfail.Handle);

        Assert.Equal(QueryOutcome.Stale, context.Outcome);
        Assert.Equal(ReturnCode.NoError, DnsWireCodec.Decode(context.Response).ReturnCode);
        Assert.Equal(2, servfail.Calls);
    }

    [Fact]
    public async Task Do_and_cd_select_different_entries()
    {
        var stage = new CacheStage(Create(_time));
        var upstream = new CountingUpstream(Answer("www.example.com", 300));

        await stage.InvokeAsync(Context("www.example.com"), upstream.Handle);
        await stage.InvokeAsync(Context("www.example.com", dnssecOk: true), upstream.Handle);
        await stage.InvokeAsync(Context("www.example.com", checkingDisabled: true), upstream.Handle);
        await stage.InvokeAsync(Context("www.example.com", dnssecOk: true), upstream.Handle);

        Assert.Equal(3, upstream.Calls);
    }

    [Fact]
    public async Task A_cached_answer_finalizes_for_clients_with_and_without_edns()
    {
        var stage = new CacheStage(Create(_time));
        await stage.InvokeAsync(Context("big.example.com", RecordType.Txt), new CountingUpstream(WireFixtures.Encode(WireFixtures.BigTxt("big.example.com"))).Handle);

        foreach (var (edns, size) in new[] { (false, 512), (true, 1232), (true, 4096) })
        {
            var client = WireFixtures.Query("Big.Example.com", RecordType.Txt, edns, (ushort)size, id: 0x7777);
            var context = Context("big.example.com", RecordType.Txt);
            await stage.InvokeAsync(context, new CountingUpstream(null).Handle);
            Assert.Equal(QueryOutcome.Cached, context.Outcome);

            var parsed = DnsWireCodec.Decode(WireFixtures.FinalizeFor(context.Response.ToArray(), client, size));

            Assert.Equal(0x7777, parsed.TransactionID);
            Assert.True(parsed.IsTruncated);
            Assert.Equal(edns, parsed.IsEDnsEnabled);
            Assert.Equal("Big.Example.com.", Assert.Single(parsed.Questions).Name.ToString());
        }
    }

    [Fact]
    public async Task A_hit_allocates_nothing_and_completes_synchronously()
    {
        var stage = new CacheStage(Create(_time));
        var context = Context("www.example.com");
        await stage.InvokeAsync(context, new CountingUpstream(Answer("www.example.com", 300)).Handle);
        QueryHandler next = static _ => throw new InvalidOperationException("a hit must not go further");
        var allocated = Allocations.Fewest(1000, _ =>
        {
            if (!stage.InvokeAsync(context, next).IsCompletedSuccessfully)
            {
                Assert.Fail("a hit must complete synchronously");
            }
        });
        Assert.Equal(0, allocated);
        Assert.Equal(QueryOutcome.Cached, context.Outcome);
    }

    private static QueryContext Context(string name, RecordType type = RecordType.A, bool dnssecOk = false, bool checkingDisabled = false)
    {
        var client = WireFixtures.Query(name, type, edns: dnssecOk, dnssecOk: dnssecOk, checkingDisabled: checkingDisabled);
        var context = new QueryContext { Query = client.Packet };
        Assert.Equal(QueryReadStatus.Ok, QueryReader.TryRead(client.Packet, context.NameBuffer, out context.Parsed));
        context.Settle(HomeFilter.Resolver.Reload.RuleSnapshot.Empty);
        return context;
    }

    /// <summary>Stands in for the stages below the cache: answers with a fixed message, or fails when it has none.</summary>
    private sealed class CountingUpstream(byte[]? answer, bool yieldFirst = false)
    {
        public int Calls { get; private set; }

        public QueryOutcome Outcome { get; init; } = QueryOutcome.Forwarded;

        public ValueTask Handle(QueryContext context) => yieldFirst ? HandleLaterAsync(context) : HandleNow(context);

        private async ValueTask HandleLaterAsync(QueryContext context)
        {
            await Task.Yield();
            await HandleNow(context);
        }

        private ValueTask HandleNow(QueryContext context)
        {
            Calls++;
            if (answer is null)
            {
                context.Outcome = QueryOutcome.Failed;
                context.Reason = "all upstreams failed";
                return ValueTask.CompletedTask;
            }

            // The upstream's ID differs from the client's: the cache must not care.
            context.SetResponse(answer, Outcome);
            return ValueTask.CompletedTask;
        }
    }
}
