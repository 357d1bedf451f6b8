using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Tests.Pipeline;
using HomeFilter.Resolver.Tests.Wire;
using HomeFilter.Testing;
using static HomeFilter.Resolver.Tests.Stages.StagePolicies;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Stages;

/// <summary>CNAME inspection with a recording <c>next</c>: it always asks below once, then judges what came back.</summary>
public sealed class CnameInspectionStageTests
{
    private readonly CnameInspectionStage _stage = new();

    public static TheoryData<string, DateTime, QueryOutcome, bool, QueryOutcome> Answers => new()
    {
        // client, arrival, outcome from below, CNAME into adult.example (else into a clean name), outcome after
        { Kids, Noon, QueryOutcome.Forwarded, true, QueryOutcome.Blocked },
        { Kids, Noon, QueryOutcome.Cached, true, QueryOutcome.Blocked },
        { Kids, Noon, QueryOutcome.Stale, true, QueryOutcome.Blocked },
        { Kids, Noon, QueryOutcome.Forwarded, false, QueryOutcome.Forwarded },
        { Adult, Noon, QueryOutcome.Forwarded, true, QueryOutcome.Forwarded },

        // Our own answers are not inspected.
        { Kids, Noon, QueryOutcome.Local, true, QueryOutcome.Local },

        // The chain is judged at the arrival time settled at entry.
        { Evening, Noon, QueryOutcome.Forwarded, true, QueryOutcome.Forwarded },
        { Evening, SevenPm, QueryOutcome.Cached, true, QueryOutcome.Blocked },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task An_answer_whose_chain_leads_into_a_blocked_name_is_blocked_for_that_client(string client, DateTime at, QueryOutcome below, bool cloaked, QueryOutcome outcome)
    {
        var context = StageTestContext.Create("news.example", client: client, snapshot: Snapshot, at: at);
        var next = new RecordingNext(Chain(cloaked ? "cdn.adult.example" : "cdn.news.net"), below);

        await _stage.InvokeAsync(context, next.Invoke);

        Assert.Equal(1, next.Calls);
        Assert.Equal(outcome, context.Outcome);
        var answer = DnsWireCodec.Decode(context.Response);
        Assert.Equal("news.example.", Assert.Single(answer.Questions).Name.ToString());
        if (outcome == QueryOutcome.Blocked)
        {
            // The block answer for the client's question, and the log names the category.
            Assert.Equal(client == Evening ? "schedule evening" : "category adult", context.Reason);
            Assert.Equal("0.0.0.0", Assert.IsType<ARecord>(Assert.Single(answer.AnswerRecords)).Address.ToString());
        }
        else
        {
            Assert.Equal(2, answer.AnswerRecords.Count);
        }
    }

    [Fact]
    public async Task An_answer_that_comes_later_is_inspected_when_it_comes()
    {
        var context = StageTestContext.Create("news.example", client: Kids, snapshot: Snapshot, at: Noon);
        var next = new RecordingNext(Chain("cdn.adult.example")) { Later = true };

        var pending = _stage.InvokeAsync(context, next.Invoke);
        Assert.False(pending.IsCompleted);
        Assert.Equal(QueryOutcome.None, context.Outcome);
        next.Complete();
        await pending;

        Assert.Equal(QueryOutcome.Blocked, context.Outcome);
    }

    [Fact]
    public async Task A_failure_below_is_passed_up_untouched()
    {
        var context = StageTestContext.Create("news.example", client: Kids, snapshot: Snapshot, at: Noon);
        var next = new RecordingNext(outcome: QueryOutcome.Failed);

        await _stage.InvokeAsync(context, next.Invoke);

        Assert.Equal(QueryOutcome.Failed, context.Outcome);
        Assert.Equal(0, context.ResponseLength);
    }

    private static byte[] Chain(string target)
    {
        var message = WireFixtures.Response("news.example", RecordType.A);
        message.AnswerRecords.Add(WireFixtures.Cname("news.example", 300, target));
        message.AnswerRecords.Add(WireFixtures.A(target, 300, "192.0.2.1"));
        return WireFixtures.Encode(message);
    }
}
