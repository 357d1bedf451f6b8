using HomeFilter.Testing;
using System.Net;
using System.Text;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Tests.Policy.Overrides;

/// <summary>Overrides decide with the query's time: precedence, targets, subdomains, the exact end, wire and dotted names alike.</summary>
public sealed class OverrideDecisionTests
{
    private static readonly string[] CategoryNames = ["games", "social", "bypass"];
    private static readonly BuiltInRules BuiltIns = new(["forcesafesearch.google.com"], [new("www.google.com", 0)], ["use-application-dns.net"]);

    // Wednesday 2026-12-02, 18:00 UTC; the overrides end at 19:00, and bedtime (kids) opens at 18:30.
    private static readonly DateTime Six = new(2026, 12, 2, 18, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2026, 12, 2, 19, 0, 0, DateTimeKind.Utc);

    private const string Emma = "127.0.0.2";
    private const string Leo = "127.0.0.5";
    private const string Guest = "127.0.0.9";

    private static readonly CompiledPolicy Policy = Compile();

    private static CompiledPolicy Compile()
    {
        var builder = new CategoryTrieBuilder();
        builder.Add("minecraft.net", RuleValue.Block(0));
        builder.Add("roblox.com", RuleValue.Block(0));
        builder.Add("chat.example", RuleValue.Block(1));
        builder.Add("dns.google", RuleValue.Block(2));
        var document = new PolicyDocument
        {
            TimeZone = "UTC",
            Categories = { ["games"] = new() { Sources = ["g"] }, ["social"] = new() { Sources = ["s"] } },
            Allow = ["homework.example"],
            Deny = ["bad.example"],
            Default = new GroupRules { Block = ["games"] },
            Groups =
            {
                new GroupDefinition
                {
                    Name = "kids",
                    Clients = [Emma, Leo],
                    Block = ["games", "social"],
                    SafeSearch = true,
                    Schedules = { new ScheduleDefinition { Name = "bedtime", Days = ["wed"], From = "18:30", To = "07:00", Block = ["*"] } },
                },
            },
            Overrides =
            {
                new OverrideDefinition { Id = "reward", Kind = "allow", Client = Emma, Names = ["minecraft.net"], Until = "2026-12-02T19:00:00Z" },
                new OverrideDefinition { Id = "pause", Kind = "pause", Client = Leo, Until = "2026-12-02T19:00:00Z" },
                new OverrideDefinition { Id = "dinner", Kind = "blockAll", Group = "default", Until = "2026-12-02T19:00:00+00:00" },
                new OverrideDefinition { Id = "old", Kind = "blockAll", Client = Emma, Until = "2026-12-01T19:00:00Z" },
            },
        };
        return PolicyCompiler.Compile(document, builder.Build(), CategoryNames, BuiltIns);
    }

    public static TheoryData<string, string, int, PolicyAction, DecisionSource> Cases => new()
    {
        // client, name, minutes after 18:00, action, source
        { Emma, "minecraft.net", 0, PolicyAction.Pass, DecisionSource.Override },          // the reward beats the category
        { Emma, "www.minecraft.net", 0, PolicyAction.Pass, DecisionSource.Override },      // ... and covers subdomains
        { Emma, "notminecraft.net", 0, PolicyAction.Pass, DecisionSource.None },           // a label boundary, not a suffix
        { Emma, "minecraft.net", 45, PolicyAction.Pass, DecisionSource.Override },         // ... and beats the bedtime window
        { Emma, "roblox.com", 0, PolicyAction.Block, DecisionSource.Category },            // other games stay blocked
        { Emma, "news.example", 45, PolicyAction.Block, DecisionSource.Schedule },
        { Emma, "minecraft.net", 60, PolicyAction.Block, DecisionSource.Category },         // ended at 19:00 exactly
        { Emma, "use-application-dns.net", 0, PolicyAction.NxDomain, DecisionSource.BypassSignal },
        { Leo, "roblox.com", 0, PolicyAction.Pass, DecisionSource.Override },              // paused: no category
        { Leo, "bad.example", 0, PolicyAction.Pass, DecisionSource.Override },             // ... no deny
        { Leo, "news.example", 45, PolicyAction.Pass, DecisionSource.Override },           // ... no schedule
        { Leo, "www.google.com", 0, PolicyAction.Pass, DecisionSource.Override },          // ... no safe search
        { Leo, "use-application-dns.net", 0, PolicyAction.NxDomain, DecisionSource.BypassSignal }, // bypass signals still answer
        { Leo, "roblox.com", 61, PolicyAction.Block, DecisionSource.Category },
        { Guest, "news.example", 0, PolicyAction.Block, DecisionSource.Override },          // dinner time for the default group
        { Guest, "homework.example", 0, PolicyAction.Pass, DecisionSource.Allow },         // the policy's allow entries stay open
        { Guest, "news.example", 60, PolicyAction.Pass, DecisionSource.None },
        { Guest, "minecraft.net", 0, PolicyAction.Block, DecisionSource.Override },         // Emma's reward is hers alone
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Overrides_decide_by_client_group_and_time(string client, string name, int minutes, PolicyAction action, DecisionSource source)
    {
        var address = IPAddress.Parse(client).GetAddressBytes();
        var group = Policy.GroupFor(address);
        var at = Six.AddMinutes(minutes);
        var dotted = Policy.Decide(group, address, name, at);
        Assert.Equal((action, source), (dotted.Action, dotted.Source));
        var wire = Policy.Decide(group, address, Wire(name.ToUpperInvariant()), at.Ticks);
        Assert.Equal(dotted, wire);
    }

    [Fact]
    public void The_query_log_names_the_override_with_its_local_end()
    {
        var address = IPAddress.Parse(Emma).GetAddressBytes();
        var group = Policy.GroupFor(address);
        var decision = Policy.Decide(group, address, "minecraft.net", Six);
        Assert.Equal("override allow (until 19:00)", Policy.RuleLabel(group, decision));
        Assert.Equal(End.Ticks, Policy.Overrides.UntilTicks(decision.Schedule));
    }

    [Fact]
    public void A_cname_target_is_judged_with_the_clients_overrides()
    {
        var address = IPAddress.Parse(Emma).GetAddressBytes();
        var group = Policy.GroupFor(address);
        Assert.Equal(PolicyAction.Pass, Policy.DecideAnswerName(group, address, Wire("cdn.minecraft.net"), Six.Ticks).Action);
        Assert.Equal(PolicyAction.Block, Policy.DecideAnswerName(group, address, Wire("cdn.minecraft.net"), End.Ticks).Action);
    }

    [Fact]
    public void Deciding_with_overrides_allocates_nothing()
    {
        var address = IPAddress.Parse(Emma).GetAddressBytes();
        var group = Policy.GroupFor(address);
        var name = Wire("www.minecraft.net");
        var ticks = Six.Ticks;
        Assert.Equal(0, Allocations.Fewest(1000, i => Policy.Decide(group, address, name, ticks + i)));
    }

    [Fact]
    public void Without_a_client_only_group_overrides_apply()
    {
        var group = Policy.GroupFor(IPAddress.Parse(Emma).GetAddressBytes());
        Assert.Equal(PolicyAction.Block, Policy.Decide(group, "minecraft.net", Six).Action);
    }

    [Fact]
    public void Named_devices_are_found_by_address_in_either_form()
    {
        var document = new PolicyDocument { Devices = { new DeviceDefinition { Name = "Emma's tablet", Addresses = ["192.168.1.20", "fd00::20"] } } };
        var policy = PolicyCompiler.Compile(document, new CategoryTrieBuilder().Build(), ["bypass"], BuiltIns);
        Assert.Equal("Emma's tablet", policy.Devices.NameFor("192.168.1.20"));
        Assert.Equal("Emma's tablet", policy.Devices.NameFor("::ffff:192.168.1.20"));
        Assert.Equal("Emma's tablet", policy.Devices.NameFor(IPAddress.Parse("fd00::20").GetAddressBytes()));
        Assert.Null(policy.Devices.NameFor("192.168.1.21"));
        Assert.Null(policy.Devices.NameFor("not an address"));
    }

    private static byte[] Wire(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }
}
