using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Tests.Pipeline;
using HomeFilter.Resolver.Tests.Wire;
using HomeFilter.Testing;
using static HomeFilter.Resolver.Tests.Stages.StagePolicies;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Stages;

/// <summary>
/// The policy stage with a recording <c>next</c>: what it answers itself, what it passes on (and under which name),
/// and how a safe-search rewrite goes through the rest of the chain and back.
/// </summary>
public sealed class PolicyStageAnswerTests
{
    private readonly PolicyStage _stage = new();

    public static TheoryData<string, string, DateTime, bool, QueryOutcome> Questions => new()
    {
        // client, name, arrival, passed on, outcome
        { Kids, "www.adult.example", Noon, false, QueryOutcome.Blocked },
        { Kids, "news.example", Noon, true, QueryOutcome.Forwarded },
        { Adult, "www.adult.example", Noon, true, QueryOutcome.Forwarded },
        { Adult, "www.google.com", Noon, true, QueryOutcome.Forwarded },
        { Adult, "printer.home", Noon, false, QueryOutcome.Local },
        { Kids, "printer.home", Noon, false, QueryOutcome.Local },

        // The schedule is judged at the arrival time settled at entry.
        { Evening, "www.adult.example", Noon, true, QueryOutcome.Forwarded },
        { Evening, "www.adult.example", SevenPm, false, QueryOutcome.Blocked },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task Answers_local_and_blocked_names_itself_and_passes_the_rest_on_unchanged(string client, string name, DateTime at, bool passedOn, QueryOutcome outcome)
    {
        var context = StageTestContext.Create(name, client: client, snapshot: Snapshot, at: at);
        var next = new RecordingNext(Answer(name, "192.0.2.7"));

        await _stage.InvokeAsync(context, next.Invoke);

        Assert.Equal(passedOn ? 1 : 0, next.Calls);
        Assert.Equal(outcome, context.Outcome);
        Assert.Equal(outcome == QueryOutcome.Local, context.Authoritative);
        if (passedOn)
        {
            Assert.Equal(QueryOutcome.None, next.OutcomeSeen);
            Assert.Equal(QueryReaderTests.WireName(name), next.LookupName);
            Assert.Equal(Key(name), next.CacheKey);
        }
        else
        {
            Assert.Equal(name + ".", Assert.Single(DnsWireCodec.Decode(context.Response).Questions).Name.ToString());
        }
    }

    [Fact]
    public async Task A_safe_search_name_is_resolved_as_the_safe_host_below_and_answered_as_a_cname_to_it()
    {
        var context = StageTestContext.Create("www.google.com", client: Kids, snapshot: Snapshot, at: Noon);
        var next = new RecordingNext(Answer(SafeHost, "216.239.38.120"));

        await _stage.InvokeAsync(context, next.Invoke);

        // Below the policy the query is the safe host's: the cache keeps (and serves) that host's own answer.
        Assert.Equal(1, next.Calls);
        Assert.Equal(QueryReaderTests.WireName(SafeHost), next.LookupName);
        Assert.Equal(Key(SafeHost), next.CacheKey);

        // The client gets its own question, a CNAME to the safe host and the host's address, with EDE 17.
        Assert.Equal(QueryOutcome.Rewritten, context.Outcome);
        Assert.Equal("safe search", context.Reason);
        Assert.Equal(QueryReaderTests.WireName("www.google.com"), context.Name.ToArray());
        var answer = DnsWireCodec.Decode(context.Response);
        Assert.Equal("www.google.com.", Assert.Single(answer.Questions).Name.ToString());
        Assert.Equal(2, answer.AnswerRecords.Count);
        var cname = Assert.IsType<CNameRecord>(answer.AnswerRecords[0]);
        Assert.Equal("www.google.com.", cname.Name.ToString());
        Assert.Equal(SafeHost + ".", cname.CanonicalName.ToString());
        var address = Assert.IsType<ARecord>(answer.AnswerRecords[1]);
        Assert.Equal(SafeHost + ".", address.Name.ToString());
        Assert.Equal("216.239.38.120", address.Address.ToString());
        Assert.Equal(17, BinaryExtendedError(answer));
    }

    public static TheoryData<QueryOutcome, ReturnCode?, QueryOutcome, bool> SafeHostResults => new()
    {
        // what came back from below (outcome, rcode of the message, none without one), outcome for the client, message kept
        { QueryOutcome.Cached, ReturnCode.NoError, QueryOutcome.Rewritten, true },
        { QueryOutcome.Stale, ReturnCode.NoError, QueryOutcome.Rewritten, true },
        { QueryOutcome.Forwarded, ReturnCode.NxDomain, QueryOutcome.Rewritten, true },
        { QueryOutcome.Forwarded, ReturnCode.ServerFailure, QueryOutcome.Failed, false },
        { QueryOutcome.Forwarded, ReturnCode.Refused, QueryOutcome.Failed, false },
        { QueryOutcome.Failed, null, QueryOutcome.Failed, false },
    };

    [Theory]
    [MemberData(nameof(SafeHostResults))]
    public async Task The_rewrite_is_composed_only_from_a_usable_answer_for_the_safe_host(QueryOutcome below, ReturnCode? rcode, QueryOutcome outcome, bool answered)
    {
        var context = StageTestContext.Create("www.google.com", client: Kids, snapshot: Snapshot, at: Noon);
        byte[]? message = rcode switch
        {
            null => null,
            ReturnCode.NoError => Answer(SafeHost, "216.239.38.120"),
            { } code => Cache.CacheTestSupport.Negative(SafeHost, RecordType.A, code, 300),
        };
        var next = new RecordingNext(message, below);

        await _stage.InvokeAsync(context, next.Invoke);

        Assert.Equal(outcome, context.Outcome);
        Assert.Equal(answered, context.ResponseLength > 0);
        if (answered)
        {
            var answer = DnsWireCodec.Decode(context.Response);
            Assert.Equal(rcode, answer.ReturnCode);
            Assert.Equal("www.google.com.", Assert.Single(answer.Questions).Name.ToString());
        }
        else
        {
            // The processor answers SERVFAIL for the client's question; the log says the safe host failed.
            Assert.Equal("safe search: the safe host did not resolve", context.Reason);
        }
    }

    [Fact]
    public async Task A_failure_answer_written_below_for_the_question_is_kept()
    {
        // The upstream stage writes its SERVFAIL (with an Extended DNS Error) for the client's own question.
        var context = StageTestContext.Create("www.google.com", client: Kids, snapshot: Snapshot, at: Noon);
        var servfail = Cache.CacheTestSupport.Negative("www.google.com", RecordType.A, ReturnCode.ServerFailure, null);
        var next = new RecordingNext(servfail, QueryOutcome.Failed);

        await _stage.InvokeAsync(context, next.Invoke);

        Assert.Equal(QueryOutcome.Failed, context.Outcome);
        Assert.Equal(servfail, context.Response.ToArray());
    }

    [Fact]
    public async Task A_safe_host_answer_blocked_by_cname_inspection_stays_blocked()
    {
        var context = StageTestContext.Create("www.google.com", client: Kids, snapshot: Snapshot, at: Noon);
        var block = Cache.CacheTestSupport.Negative("www.google.com", RecordType.A, ReturnCode.NxDomain, null);
        var next = new RecordingNext(block, QueryOutcome.Blocked);

        await _stage.InvokeAsync(context, next.Invoke);

        Assert.Equal(QueryOutcome.Blocked, context.Outcome);
        Assert.Equal(block, context.Response.ToArray());
    }

    [Fact]
    public async Task A_safe_host_that_answers_later_is_rewritten_when_it_does()
    {
        var context = StageTestContext.Create("www.google.com", client: Kids, snapshot: Snapshot, at: Noon);
        var next = new RecordingNext(Answer(SafeHost, "216.239.38.120")) { Later = true };

        var pending = _stage.InvokeAsync(context, next.Invoke);
        Assert.False(pending.IsCompleted);
        next.Complete();
        await pending;

        Assert.Equal(QueryOutcome.Rewritten, context.Outcome);
        Assert.Equal(2, DnsWireCodec.Decode(context.Response).AnswerRecords.Count);
    }

    private static byte[] Answer(string name, string address)
    {
        var message = WireFixtures.Response(name, RecordType.A);
        message.AnswerRecords.Add(WireFixtures.A(name, 300, address));
        return WireFixtures.Encode(message);
    }

    private static byte[] Key(string name)
    {
        var key = new CacheLookupKey();
        key.Set(QueryReaderTests.WireName(name), 1, 1, dnssecOk: false, checkingDisabled: false);
        return key.Bytes.ToArray();
    }

    private static int BinaryExtendedError(DnsMessage message)
    {
        var option = Assert.IsType<UnknownOption>(Assert.Single(message.EDnsOptions!.Options));
        var data = option.Data!;
        return (data[0] << 8) | data[1];
    }
}
