using System.Diagnostics;
using System.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Tests.Stages;
using HomeFilter.Resolver.Tests.Wire;
using HomeFilter.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Pipeline;

/// <summary>
/// The processor with recording stages: what never reaches a stage, what it settles before the first one, and the one
/// response it writes for every outcome.
/// </summary>
public sealed class PipelineQueryProcessorTests
{
    private readonly RuleSnapshotHolder _rules = new();
    private readonly byte[] _output = new byte[4096];

    public PipelineQueryProcessorTests() => _rules.Publish(StagePolicies.Snapshot);

    public static TheoryData<string, byte[], ReturnCode?> Rejected => new()
    {
        // packet, the rcode of the answer (none: dropped)
        { "11-byte header", new byte[11], null },
        { "a response", PacketBuilder.Query(flags: 0x8180).Question().ToArray(), null },
        { "QDCOUNT 0", PacketBuilder.Query(qd: 0).ToArray(), ReturnCode.FormatError },
        { "opcode NOTIFY", PacketBuilder.Query(flags: 4 << 11).Question().ToArray(), ReturnCode.NotImplemented },
        { "EDNS version 1", PacketBuilder.Query(ar: 1).Question().Opt(version: 1).ToArray(), ReturnCode.BadVersion },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_query_that_does_not_read_never_reaches_a_stage(string what, byte[] packet, ReturnCode? rcode)
    {
        var stage = new RecordingStage();
        var context = Context(packet);

        var length = await Processor(stage).ProcessAsync(context, _output);

        Assert.Equal(0, stage.Calls);
        if (rcode is null)
        {
            Assert.True(length == 0, what + " is dropped");
        }
        else
        {
            Assert.Equal(rcode, DnsWireCodec.Decode(_output.AsSpan(0, length)).ReturnCode);
        }
    }

    [Fact]
    public async Task Settles_snapshot_group_arrival_and_cache_key_once_before_the_first_stage()
    {
        // The first stage publishes new rules mid-query: the query keeps the ones it started with.
        var first = new RecordingStage(context => _rules.Publish(RuleSnapshot.Empty));
        var second = new RecordingStage(context => context.Outcome = QueryOutcome.Refused);
        var context = Context(WireFixtures.Query("WWW.Example.com", RecordType.Aaaa, edns: true, dnssecOk: true).Packet, StagePolicies.Kids);
        var stamped = Stopwatch.GetTimestamp();
        context.StartTimestamp = stamped;

        await Processor(first, second).ProcessAsync(context, _output);

        foreach (var stage in new[] { first, second })
        {
            Assert.Same(StagePolicies.Snapshot, stage.Snapshot);
            Assert.Equal("kids", stage.Group);
            Assert.Equal(stamped, stage.StartTimestamp);
            Assert.NotEqual(0, stage.ArrivalUtcTicks);
            Assert.Equal(Key("www.example.com", 28, dnssecOk: true), stage.CacheKey);
        }

        Assert.Equal(first.ArrivalUtcTicks, second.ArrivalUtcTicks);
    }

    [Fact]
    public async Task The_arrival_time_is_when_the_transport_stamped_the_query()
    {
        var stage = new RecordingStage();
        var context = Context(WireFixtures.Query("www.example.com").Packet);
        var before = DateTime.UtcNow;
        context.StartTimestamp = Stopwatch.GetTimestamp() - (5 * Stopwatch.Frequency);

        await Processor(stage).ProcessAsync(context, _output);
        var after = DateTime.UtcNow;

        // Received five seconds before it was processed: the log and the schedules see the receive time.
        var arrival = new DateTime(stage.ArrivalUtcTicks, DateTimeKind.Utc);
        Assert.InRange(arrival, before.AddSeconds(-5).AddMilliseconds(-100), after.AddSeconds(-5).AddMilliseconds(100));
    }

    [Fact]
    public async Task A_query_the_transport_did_not_stamp_is_stamped_at_entry()
    {
        var stage = new RecordingStage();
        var context = Context(WireFixtures.Query("www.example.com").Packet);

        await Processor(stage).ProcessAsync(context, _output);

        Assert.NotEqual(0, stage.StartTimestamp);
        Assert.NotEqual(0, stage.ArrivalUtcTicks);
    }

    public static TheoryData<QueryOutcome, bool, ReturnCode> Outcomes => new()
    {
        // what the stage did (outcome, with an answer of its own), what the client gets
        { QueryOutcome.Forwarded, true, ReturnCode.NoError },
        { QueryOutcome.Blocked, true, ReturnCode.NoError },
        { QueryOutcome.Refused, false, ReturnCode.Refused },
        { QueryOutcome.Failed, false, ReturnCode.ServerFailure },
        { QueryOutcome.None, false, ReturnCode.ServerFailure },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task Writes_one_response_for_the_client_whatever_the_outcome(QueryOutcome outcome, bool answered, ReturnCode rcode)
    {
        var answer = Cache.CacheTestSupport.Answer("www.example.com", 300);
        var stage = new RecordingStage(context =>
        {
            if (answered)
            {
                context.SetResponse(answer, outcome);
            }
            else
            {
                context.Outcome = outcome;
            }
        });
        var client = WireFixtures.Query("Www.Example.com", edns: true, id: 0x4242);
        var context = Context(client.Packet);

        var length = await Processor(stage).ProcessAsync(context, _output);

        var response = DnsWireCodec.Decode(_output.AsSpan(0, length));
        Assert.Equal(1, stage.Calls);
        Assert.Equal(rcode, response.ReturnCode);
        Assert.Equal(0x4242, response.TransactionID);
        Assert.Equal("Www.Example.com.", Assert.Single(response.Questions).Name.ToString());
        Assert.Equal(answered ? 1 : 0, response.AnswerRecords.Count);
    }

    [Fact]
    public async Task A_stage_that_throws_gets_the_client_a_servfail()
    {
        var stage = new RecordingStage(_ => throw new InvalidOperationException("broken stage"));
        var context = Context(WireFixtures.Query("www.example.com").Packet);

        var length = await Processor(stage).ProcessAsync(context, _output);

        Assert.Equal(ReturnCode.ServerFailure, DnsWireCodec.Decode(_output.AsSpan(0, length)).ReturnCode);
        Assert.Equal(QueryOutcome.Failed, context.Outcome);
    }

    [Fact]
    public async Task A_stage_that_answers_later_is_waited_for()
    {
        var next = new RecordingNext(Cache.CacheTestSupport.Answer("www.example.com", 300)) { Later = true };
        var stage = new RecordingStage(passOn: next.Invoke);
        var context = Context(WireFixtures.Query("www.example.com").Packet);

        var pending = Processor(stage).ProcessAsync(context, _output);
        Assert.False(pending.IsCompleted);
        next.Complete();
        var length = await pending;

        Assert.Single(DnsWireCodec.Decode(_output.AsSpan(0, length)).AnswerRecords);
    }

    public static TheoryData<bool, ushort, DnsTransportKind, int> Sizes => new()
    {
        // EDNS, advertised size, transport, largest response allowed
        { false, 0, DnsTransportKind.Udp, 512 },
        { true, 4096, DnsTransportKind.Udp, 1232 },
        { true, 800, DnsTransportKind.Udp, 800 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Udp_answers_are_sized_to_the_client_and_never_above_1232(bool edns, ushort size, DnsTransportKind transport, int largest)
    {
        var stage = new RecordingStage();
        var context = Context(WireFixtures.Query("www.example.com", edns: edns, udpSize: size).Packet);
        context.Transport = transport;

        await Processor(stage).ProcessAsync(context, _output);

        Assert.Equal(largest, stage.MaxResponseSize);
    }

    private PipelineQueryProcessor Processor(params IQueryStage[] stages) =>
        new(new QueryPipeline(stages), _rules, new QueryStatistics(), NullLogger<PipelineQueryProcessor>.Instance);

    private static QueryContext Context(byte[] packet, string client = StagePolicies.Adult)
    {
        var context = new QueryContext { Query = packet, Transport = DnsTransportKind.Udp };
        context.SetClientAddress(IPAddress.Parse(client).GetAddressBytes());
        return context;
    }

    private static byte[] Key(string name, ushort type, bool dnssecOk)
    {
        var key = new CacheLookupKey();
        key.Set(QueryReaderTests.WireName(name), type, 1, dnssecOk, checkingDisabled: false);
        return key.Bytes.ToArray();
    }

    /// <summary>A stage that notes what it was handed, does what it is told, and then passes on (or not).</summary>
    private sealed class RecordingStage(Action<QueryContext>? act = null, QueryHandler? passOn = null) : IQueryStage
    {
        public int Calls { get; private set; }

        public RuleSnapshot? Snapshot { get; private set; }

        public string? Group { get; private set; }

        public long StartTimestamp { get; private set; }

        public long ArrivalUtcTicks { get; private set; }

        public byte[] CacheKey { get; private set; } = [];

        public int MaxResponseSize { get; private set; }

        public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
        {
            Calls++;
            Snapshot = context.Snapshot;
            Group = context.Group.Name;
            StartTimestamp = context.StartTimestamp;
            ArrivalUtcTicks = context.ArrivalUtcTicks;
            CacheKey = context.CacheKey.Bytes.ToArray();
            MaxResponseSize = context.MaxResponseSize;
            act?.Invoke(context);
            if (passOn is not null)
            {
                return passOn(context);
            }

            return context.Outcome == QueryOutcome.None && act is not null ? next(context) : ValueTask.CompletedTask;
        }
    }
}
