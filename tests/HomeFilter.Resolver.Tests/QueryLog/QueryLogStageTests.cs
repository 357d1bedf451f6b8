using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.QueryLog;
using HomeFilter.Resolver.Tests.Pipeline;
using HomeFilter.Resolver.Tests.Stages;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.QueryLog;

/// <summary>
/// The query log stage's contract with the chain, with a recording <c>next</c>: it asks below exactly once and hands
/// one entry to the queue only after the rest answered (or failed), with the arrival time settled at entry.
/// </summary>
public sealed class QueryLogStageTests
{
    private readonly QueryLogQueue _queue = new(16);
    private readonly QueryLogStage _stage;

    public QueryLogStageTests() => _stage = new QueryLogStage(_queue);

    public static TheoryData<QueryOutcome> Outcomes => new()
    {
        QueryOutcome.Forwarded,
        QueryOutcome.Cached,
        QueryOutcome.Blocked,
        QueryOutcome.Refused,
        QueryOutcome.Failed,
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task Calls_next_once_and_records_one_entry_after_it(QueryOutcome outcome)
    {
        var context = StageTestContext.Create("www.example.com", client: StagePolicies.Adult, snapshot: StagePolicies.Snapshot, at: StagePolicies.Noon);
        var next = new RecordingNext(outcome: outcome);

        await _stage.InvokeAsync(context, next.Invoke);

        Assert.Equal(1, next.Calls);
        Assert.Equal(1, _queue.Written);
        Assert.True(_queue.TryRead(out var entry));
        Assert.Equal(outcome, entry.Outcome);
        Assert.Equal(StagePolicies.Noon, entry.TimeUtc);
    }

    [Fact]
    public async Task Records_only_once_the_rest_has_answered()
    {
        var context = StageTestContext.Create("www.example.com", client: StagePolicies.Adult, snapshot: StagePolicies.Snapshot, at: StagePolicies.Noon);
        var next = new RecordingNext(Cache.CacheTestSupport.Answer("www.example.com", 300)) { Later = true };

        var pending = _stage.InvokeAsync(context, next.Invoke);
        Assert.Equal(0, _queue.Written);
        next.Complete();
        await pending;

        Assert.Equal(1, _queue.Written);
        Assert.True(_queue.TryRead(out var entry));
        Assert.Equal(QueryOutcome.Forwarded, entry.Outcome);
    }

    [Fact]
    public async Task Records_a_failure_when_the_rest_throws_and_lets_the_exception_through()
    {
        var context = StageTestContext.Create("www.example.com", client: StagePolicies.Adult, snapshot: StagePolicies.Snapshot, at: StagePolicies.Noon);
        var next = new RecordingNext { Failure = new InvalidOperationException("stage failed") };

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _stage.InvokeAsync(context, next.Invoke));

        Assert.Equal(1, next.Calls);
        Assert.True(_queue.TryRead(out var entry));
        Assert.Equal(QueryOutcome.Failed, entry.Outcome);
    }

    [Fact]
    public async Task Hands_on_the_clients_MAC_and_the_client_ID_string_itself()
    {
        var context = StageTestContext.Create("www.example.com", client: StagePolicies.Adult, snapshot: StagePolicies.Snapshot, at: StagePolicies.Noon);
        var clientId = new string("emma-phone".AsSpan());
        context.ClientId = clientId;
        context.ClientMac = 0x02005e100001UL;

        await _stage.InvokeAsync(context, new RecordingNext(outcome: QueryOutcome.Forwarded).Invoke);

        Assert.True(_queue.TryRead(out var entry));
        Assert.Same(clientId, entry.ClientId);
        Assert.Equal(0x02005e100001UL, entry.ClientMac);
    }
}
