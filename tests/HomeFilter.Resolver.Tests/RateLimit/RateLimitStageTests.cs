using HomeFilter.Testing;
using System.Diagnostics;
using System.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.RateLimit;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Tests.Stages;
using HomeFilter.Resolver.Tests.Wire;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;
using Microsoft.Extensions.Logging.Abstractions;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.RateLimit;

/// <summary>The rate-limit stage with a recording <c>next</c>, and what the transport then sends for a limited query.</summary>
public class RateLimitStageTests
{
    private const long Start = 1_000_000_000_000;
    private readonly RuleSnapshotHolder _holder = new();
    private readonly LimitedClients _limited = new(TimeProvider.System);

    public RateLimitStageTests()
    {
        var document = new PolicyDocument
        {
            TimeZone = "UTC",
            Default = new GroupRules { RateLimit = new GroupRateLimit { QueriesPerSecond = 10, Burst = 4 } },
            Groups =
            {
                new GroupDefinition { Name = "lab", Clients = ["10.9.0.0/16"], RateLimit = new GroupRateLimit { Enabled = false } },
                new GroupDefinition { Name = "kiosk", Clients = ["10.8.0.0/16"], RateLimit = new GroupRateLimit { QueriesPerSecond = 0, NetworkQueriesPerSecond = 10, NetworkBurst = 2 } },
            },
        };
        var compiled = PolicyCompiler.Compile(document, new CategoryTrieBuilder().Build(), [], BuiltInRules.None, TimeZoneInfo.Utc);
        _holder.Publish(new RuleSnapshot(1, compiled, [], LocalRecordSet.Empty, ForwardZoneSet.Empty, null));
    }

    public static TheoryData<string, int, int> Budgets => new()
    {
        // client, queries sent at one instant, passed on
        { "192.0.2.1", 10, 4 },      // default group: burst 4
        { "10.9.0.1", 100, 100 },    // lab: switched off
        { "10.8.0.1", 10, 2 },       // kiosk: no address limit, network burst 2
    };

    [Theory]
    [MemberData(nameof(Budgets))]
    public async Task Each_group_gets_its_own_limit(string client, int sent, int passedOn)
    {
        var stage = Stage(new RateLimitOptions());
        var next = new RecordingNext();
        for (var i = 0; i < sent; i++)
        {
            await stage.InvokeAsync(Context(client), next.Invoke);
        }

        Assert.Equal(passedOn, next.Calls);
    }

    public static TheoryData<string, DnsTransportKind, ReturnCode?, bool> Actions => new()
    {
        // action, transport, rcode sent (null: nothing sent), TC
        { "drop", DnsTransportKind.Udp, null, false },
        { "refused", DnsTransportKind.Udp, ReturnCode.Refused, false },
        { "truncate", DnsTransportKind.Udp, ReturnCode.NoError, true },
        { "drop", DnsTransportKind.Tcp, ReturnCode.Refused, false },
        { "truncate", DnsTransportKind.Tcp, ReturnCode.Refused, false },
        { "drop", DnsTransportKind.Tls, ReturnCode.Refused, false },
        { "drop", DnsTransportKind.Https, ReturnCode.Refused, false },
        { "truncate", DnsTransportKind.Https, ReturnCode.Refused, false },
        { "drop", DnsTransportKind.Quic, ReturnCode.Refused, false },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task A_limited_query_is_stopped_counted_and_answered_as_configured(string action, DnsTransportKind transport, ReturnCode? rcode, bool truncated)
    {
        var stage = Stage(new RateLimitOptions { Action = action });
        var pipeline = new QueryPipeline([stage, new AnsweringStage()]);
        var processor = new PipelineQueryProcessor(pipeline, _holder, new QueryStatistics(), NullLogger<PipelineQueryProcessor>.Instance);
        var output = new byte[4096];
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await processor.ProcessAsync(Context("192.0.2.50", transport, parse: false), output) > 0);
        }

        var context = Context("192.0.2.50", transport, parse: false);
        var length = await processor.ProcessAsync(context, output);

        Assert.Equal(QueryOutcome.RateLimited, context.Outcome);
        if (rcode is null)
        {
            Assert.Equal(0, length);
        }
        else
        {
            var answer = DnsMessage.Parse(output.AsSpan(0, length).ToArray());
            Assert.Equal(rcode, answer.ReturnCode);
            Assert.Equal(truncated, answer.IsTruncated);
            Assert.Empty(answer.AnswerRecords);
        }

        var row = Assert.Single(_limited.Snapshot());
        Assert.Equal("192.0.2.50", row.Client);
        Assert.Equal(1, row.Count);
        Assert.Equal(1, row.ByAddress);
    }

    [Fact]
    public async Task A_heavy_sender_gets_udp_answers_of_at_most_512_bytes_and_settles_the_group()
    {
        var stage = Stage(new RateLimitOptions());
        var next = new RecordingNext();
        var sizes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var context = Context("192.0.2.60");
            context.MaxResponseSize = 1232;
            await stage.InvokeAsync(context, next.Invoke);
            sizes.Add(context.MaxResponseSize);
            Assert.Same(_holder.Current, context.Snapshot);
            Assert.Equal("default", context.Group!.DisplayName);
        }

        // Burst 4: the first two leave more than half the bucket, the next two do not.
        Assert.Equal([1232, 1232, 512, 512], sizes);
    }

    [Fact]
    public void A_limited_query_allocates_nothing()
    {
        var stage = Stage(new RateLimitOptions());
        var next = new RecordingNext();
        QueryHandler handler = next.Invoke;
        var context = Context("192.0.2.90");
        Assert.Equal(0, Allocations.Fewest(10_000, _ => stage.InvokeAsync(context, handler)));
        Assert.Equal(4, next.Calls);
    }

    [Fact]
    public async Task Switched_off_in_the_settings_the_policy_cannot_switch_it_on()
    {
        var stage = Stage(new RateLimitOptions { Enabled = false });
        var next = new RecordingNext();
        for (var i = 0; i < 50; i++)
        {
            await stage.InvokeAsync(Context("192.0.2.1"), next.Invoke);
        }

        Assert.Equal(50, next.Calls);
        Assert.Empty(_limited.Snapshot());
    }

    [Fact]
    public void The_upstream_cap_refuses_the_query_over_it_and_frees_places_on_exit()
    {
        var inFlight = new UpstreamInFlight(new RateLimitOptions { MaxUpstreamInFlight = 2 }, _limited);
        var client = IPAddress.Parse("192.0.2.70").GetAddressBytes();
        var other = IPAddress.Parse("192.0.2.71").GetAddressBytes();

        Assert.True(inFlight.TryEnter(client));
        Assert.True(inFlight.TryEnter(client));
        Assert.False(inFlight.TryEnter(client));
        Assert.True(inFlight.TryEnter(other));
        inFlight.Exit(client);
        Assert.True(inFlight.TryEnter(client));
        Assert.Equal(2, inFlight.Current(client));

        var row = Assert.Single(_limited.Snapshot());
        Assert.Equal(1, row.ByInFlight);
        Assert.True(new UpstreamInFlight(new RateLimitOptions { MaxUpstreamInFlight = 0 }, _limited).TryEnter(client));
    }

    [Fact]
    public void The_limited_table_keeps_the_latest_clients_when_full()
    {
        for (var i = 0; i < 1000; i++)
        {
            _limited.Record(PrefixKey.Address(IPAddress.Parse($"10.{i / 250}.{i % 250}.1").GetAddressBytes()), LimitReason.Network);
        }

        _limited.Record(PrefixKey.Address(IPAddress.Parse("192.0.2.80").GetAddressBytes()), LimitReason.Address);
        var rows = _limited.Snapshot();
        Assert.InRange(rows.Count, 1, LimitedClients.Size);
        Assert.Contains(rows, r => r.Client == "192.0.2.80" && r.ByAddress == 1);
        Assert.Equal(1001, _limited.Total);
    }

    [Theory]
    [InlineData("drop", true)]
    [InlineData("Refused", true)]
    [InlineData("tc", true)]
    [InlineData("reject", false)]
    public void The_action_setting_is_checked(string action, bool valid)
    {
        Assert.Equal(valid, !new RateLimitOptions { Action = action }.Problems().Any());
    }

    private RateLimitStage Stage(RateLimitOptions options)
        => new(new GroupLimits(options), new ClientRateLimiter(options.TableSize), _limited, options);

    private QueryContext Context(string client, DnsTransportKind transport = DnsTransportKind.Udp, bool parse = true)
    {
        var query = BlockedAnswerWriterTests.BuildQuery("www.example.com", RecordType.A, edns: true, dnssecOk: false, out var parsed);
        var context = new QueryContext { Query = query, Transport = transport, StartTimestamp = Start };
        if (parse)
        {
            context.Parsed = parsed;
            QueryReaderTests.WireName("www.example.com").CopyTo(context.NameBuffer);
        }

        context.SetClientAddress(IPAddress.Parse(client).GetAddressBytes());
        if (parse)
        {
            // As the processor does at entry; an unparsed query is settled by the processor itself.
            context.Settle(_holder.Current);
        }

        return context;
    }

    private sealed class RecordingNext
    {
        public int Calls { get; private set; }

        public ValueTask Invoke(QueryContext context)
        {
            Calls++;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Answers NOERROR with no records, as a cache hit for an empty name would.</summary>
    internal sealed class AnsweringStage : IQueryStage
    {
        public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
        {
            context.ResponseLength = HomeFilter.Resolver.Wire.ErrorResponseWriter.Write(context.Query.Span, context.Parsed, questionValid: true, 0, context.ResponseBuffer);
            context.Outcome = QueryOutcome.Cached;
            return ValueTask.CompletedTask;
        }
    }
}
