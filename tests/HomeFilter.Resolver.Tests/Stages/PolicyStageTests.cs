using System.Net;
using System.Text;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Tests.Wire;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Stages;

/// <summary>The policy stage and CNAME inspection with time-limited overrides, each run with a recording <c>next</c>.</summary>
public sealed class PolicyStageTests
{
    private static readonly DateTime Noon = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Until = new(2026, 12, 2, 19, 0, 0, DateTimeKind.Utc);

    private readonly RuleSnapshotHolder _holder = new();
    private readonly PolicyStage _policy;
    private readonly CnameInspectionStage _cname = new();

    public PolicyStageTests()
    {
        var builder = new CategoryTrieBuilder();
        builder.Add("adult.example", RuleValue.Block(0));
        var document = new PolicyDocument
        {
            TimeZone = "UTC",
            Categories = { ["adult"] = new() { Sources = ["a.txt"] } },
            Groups = { new GroupDefinition { Name = "kids", Clients = ["10.0.0.0/24"], Block = ["adult"] } },
            Overrides =
            {
                new OverrideDefinition { Kind = "pause", Client = "10.0.0.20", Until = "2026-12-02T19:00:00Z" },
                new OverrideDefinition { Kind = "allow", Client = "10.0.0.21", Names = ["adult.example"], Until = "2026-12-02T19:00:00Z" },
                new OverrideDefinition { Kind = "blockAll", Client = "10.0.0.22", Until = "2026-12-02T19:00:00Z" },
            },
        };
        var compiled = PolicyCompiler.Compile(document, builder.Build(), ["adult"], BuiltInRules.None, TimeZoneInfo.Utc);
        _holder.Publish(new RuleSnapshot(1, compiled, [], LocalRecordSet.Empty, ForwardZoneSet.Empty, null));
        _policy = new PolicyStage();
    }

    public static TheoryData<string, string, bool, bool, string?> Questions => new()
    {
        // client, name, at the end, passed on, rule in the log
        { "10.0.0.20", "www.adult.example", false, true, "override pause (until 19:00)" },
        { "10.0.0.20", "www.adult.example", true, false, "category adult" },
        { "10.0.0.21", "www.adult.example", false, true, "override allow (until 19:00)" },
        { "10.0.0.22", "news.example", false, false, "override block all (until 19:00)" },
        { "10.0.0.22", "news.example", true, true, null },
        { "10.0.0.10", "www.adult.example", false, false, "category adult" },
        { "10.0.0.10", "news.example", false, true, null },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task The_client_overrides_decide_and_the_log_names_them(string client, string name, bool atEnd, bool passedOn, string? rule)
    {
        var context = Context(client, name, atEnd ? Until : Noon);
        var next = new RecordingNext();

        await _policy.InvokeAsync(context, next.Invoke);

        Assert.Equal(passedOn, next.Calls == 1);
        Assert.Equal(rule, context.Reason);
        Assert.Equal(rule?.StartsWith("override", StringComparison.Ordinal) == true, context.Decision.Source == DecisionSource.Override);
        Assert.Equal(passedOn ? QueryOutcome.None : QueryOutcome.Blocked, context.Outcome);
        if (!passedOn)
        {
            var text = rule!.StartsWith("override", StringComparison.Ordinal) ? "blocked: override" : "blocked: adult";
            Assert.Equal(text, Encoding.UTF8.GetString(Assert.IsType<UnknownOption>(Assert.Single(DnsMessage.Parse(context.Response.ToArray()).EDnsOptions!.Options)).Data.AsSpan(2)));
        }
    }

    public static TheoryData<string, DateTime, QueryOutcome> Aliases => new()
    {
        // a forwarded answer for news.example whose CNAME leads into adult.example
        { "10.0.0.10", Noon, QueryOutcome.Blocked },
        { "10.0.0.20", Noon, QueryOutcome.Forwarded },   // paused: not inspected
        { "10.0.0.20", Until, QueryOutcome.Blocked },
        { "10.0.0.21", Noon, QueryOutcome.Forwarded },   // the alias is an allowed name
    };

    [Theory]
    [MemberData(nameof(Aliases))]
    public async Task Cname_inspection_respects_the_overrides(string client, DateTime at, QueryOutcome outcome)
    {
        var context = Context(client, "news.example", at);
        var upstream = new RecordingNext(Cloaked());

        await _policy.InvokeAsync(context, c => _cname.InvokeAsync(c, upstream.Invoke));

        Assert.Equal(1, upstream.Calls);
        Assert.Equal(outcome, context.Outcome);
    }

    public static TheoryData<string, bool, bool> MissingListQuestions => new()
    {
        // client, refuse mode, passed on
        { "10.0.0.10", true, false },
        { "10.0.0.10", false, true },
        { "192.168.1.5", true, true },
        { "10.0.0.20", true, true },
    };

    [Theory]
    [MemberData(nameof(MissingListQuestions))]
    public async Task A_category_with_no_list_refuses_its_clients_only_when_set_to_refuse(string client, bool refuse, bool passedOn)
    {
        var current = _holder.Current;
        _holder.Publish(new RuleSnapshot(2, current.Policy, [], LocalRecordSet.Empty, ForwardZoneSet.Empty, null)
        {
            MissingCategories = 1,
            RefuseMissingCategories = refuse,
        });
        var context = Context(client, "news.example", Noon);
        var next = new RecordingNext();

        await _policy.InvokeAsync(context, next.Invoke);

        // The kids group blocks the category; a client in no group does not, and a paused client is let through.
        Assert.Equal(passedOn, next.Calls == 1);
        if (!passedOn)
        {
            Assert.Equal(QueryOutcome.Blocked, context.Outcome);
            Assert.Equal(ReturnCode.Refused, DnsMessage.Parse(context.ResponseBuffer[..context.ResponseLength].ToArray()).ReturnCode);
        }
    }

    private static byte[] Cloaked()
    {
        var message = WireFixtures.Response("news.example", RecordType.A);
        message.AnswerRecords.Add(WireFixtures.Cname("news.example", 300, "cdn.adult.example"));
        message.AnswerRecords.Add(WireFixtures.A("cdn.adult.example", 300, "192.0.2.1"));
        return WireFixtures.Encode(message);
    }

    private QueryContext Context(string client, string name, DateTime at)
    {
        var query = BlockedAnswerWriterTests.BuildQuery(name, RecordType.A, edns: true, dnssecOk: false, out var parsed);
        var context = new QueryContext { Query = query, Parsed = parsed, ArrivalUtcTicks = at.Ticks };
        QueryReaderTests.WireName(name).CopyTo(context.NameBuffer);
        context.SetClientAddress(IPAddress.Parse(client).GetAddressBytes());
        context.Settle(_holder.Current);
        return context;
    }

    /// <summary>Counts calls and, when given one, answers with a forwarded response like the upstream stage would.</summary>
    private sealed class RecordingNext(byte[]? response = null)
    {
        public int Calls { get; private set; }

        public ValueTask Invoke(QueryContext context)
        {
            Calls++;
            if (response is not null)
            {
                context.SetResponse(response, QueryOutcome.Forwarded);
            }

            return ValueTask.CompletedTask;
        }
    }
}
