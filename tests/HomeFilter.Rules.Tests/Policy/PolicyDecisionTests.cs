using System.Net;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Tests.Policy;

public sealed class PolicyDecisionTests
{
    // Categories by bit: adult 0, social 1, bypass 2.
    private static readonly string[] CategoryNames = ["adult", "social", "bypass"];

    private static readonly BuiltInRules BuiltIns = new(
        ["forcesafesearch.google.com", "restrict.youtube.com"],
        [new("www.google.com", 0), new("www.google.co.uk", 0), new("www.youtube.com", 1)],
        ["use-application-dns.net", "mask.icloud.com", "mask-h2.icloud.com"]);

    // Sunday 2026-11-29 12:00 and 22:00 London (GMT = UTC in November).
    private static readonly DateTime Noon = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Night = new(2026, 11, 29, 22, 0, 0, DateTimeKind.Utc);

    private static CompiledPolicy Compile(Action<PolicyDocument>? change = null)
    {
        var builder = new CategoryTrieBuilder();
        builder.Add("adult.example", RuleValue.Block(0));
        builder.Add("homework.example", RuleValue.Block(0)); // listed, but allowed by the policy
        builder.Add("chat.example", RuleValue.Block(1));
        builder.Add("both.example", RuleValue.Block(0).Merge(RuleValue.Block(1)));
        builder.Add("dns.google", RuleValue.Block(2));
        builder.Add("listed-allow.adult.example", RuleValue.AllowSubtree); // a list's own exception
        var document = new PolicyDocument
        {
            TimeZone = "Europe/London",
            Categories = { ["adult"] = new() { Sources = ["a"] }, ["social"] = new() { Sources = ["s"] } },
            Allow = ["homework.example", "ok.bad.example"],
            Deny = ["bad.example"],
            Default = new GroupRules { Block = ["adult"] },
            Groups =
            {
                new GroupDefinition
                {
                    Name = "kids",
                    Clients = ["127.0.0.2"],
                    Block = ["adult", "social"],
                    SafeSearch = true,
                    Schedules = { new ScheduleDefinition { Name = "bedtime", Days = ["sun", "mon", "tue", "wed", "thu"], From = "21:00", To = "07:00", Block = ["*"] } },
                },
                new GroupDefinition { Name = "staff", Clients = ["127.0.0.3"], Block = [] },
                new GroupDefinition
                {
                    Name = "evening",
                    Clients = ["127.0.0.4"],
                    Schedules = { new ScheduleDefinition { From = "18:00", To = "23:00", Block = ["social"] } },
                },
            },
        };
        change?.Invoke(document);
        return PolicyCompiler.Compile(document, builder.Build(), CategoryNames, BuiltIns);
    }

    private static readonly CompiledPolicy Policy = Compile();

    public static TheoryData<string, string, bool, PolicyAction, DecisionSource, string?> Cases => new()
    {
        // client, name, at night, action, source, category
        { "127.0.0.2", "adult.example", false, PolicyAction.Block, DecisionSource.Category, "adult" },
        { "127.0.0.2", "www.adult.example", false, PolicyAction.Block, DecisionSource.Category, "adult" },
        { "127.0.0.2", "chat.example", false, PolicyAction.Block, DecisionSource.Category, "social" },
        { "127.0.0.2", "both.example", false, PolicyAction.Block, DecisionSource.Category, "adult" },
        { "127.0.0.2", "homework.example", false, PolicyAction.Pass, DecisionSource.Allow, null },
        { "127.0.0.2", "homework.example", true, PolicyAction.Pass, DecisionSource.Allow, null },   // allow beats bedtime
        { "127.0.0.2", "news.example", false, PolicyAction.Pass, DecisionSource.None, null },
        { "127.0.0.2", "news.example", true, PolicyAction.Block, DecisionSource.Schedule, null },   // "*" at bedtime
        { "127.0.0.2", "listed-allow.adult.example", false, PolicyAction.Pass, DecisionSource.None, null },
        { "127.0.0.2", "listed-allow.adult.example", true, PolicyAction.Block, DecisionSource.Schedule, null }, // a list's exception is not a policy allow
        { "127.0.0.2", "bad.example", false, PolicyAction.Block, DecisionSource.Deny, null },
        { "127.0.0.2", "x.bad.example", false, PolicyAction.Block, DecisionSource.Deny, null },
        { "127.0.0.2", "ok.bad.example", false, PolicyAction.Pass, DecisionSource.Allow, null },   // the deeper entry wins
        { "127.0.0.2", "dns.google", false, PolicyAction.Block, DecisionSource.Category, "bypass" }, // protection on: the group blocks things
        { "127.0.0.2", "use-application-dns.net", false, PolicyAction.NxDomain, DecisionSource.BypassSignal, "bypass" },
        { "127.0.0.2", "sub.use-application-dns.net", false, PolicyAction.Pass, DecisionSource.None, null }, // signals are exact
        { "127.0.0.2", "mask-h2.icloud.com", false, PolicyAction.NxDomain, DecisionSource.BypassSignal, "bypass" },
        { "127.0.0.2", "www.google.com", false, PolicyAction.Rewrite, DecisionSource.SafeSearch, null },
        { "127.0.0.2", "google.com", false, PolicyAction.Pass, DecisionSource.None, null },        // not in the map
        { "127.0.0.9", "adult.example", false, PolicyAction.Block, DecisionSource.Category, "adult" }, // default rules
        { "127.0.0.9", "chat.example", false, PolicyAction.Pass, DecisionSource.None, null },
        { "127.0.0.9", "www.google.com", false, PolicyAction.Pass, DecisionSource.None, null },    // no safe search by default
        { "127.0.0.9", "bad.example", false, PolicyAction.Block, DecisionSource.Deny, null },     // deny is for everyone
        { "127.0.0.3", "adult.example", false, PolicyAction.Pass, DecisionSource.None, null },    // staff block nothing
        { "127.0.0.3", "dns.google", false, PolicyAction.Pass, DecisionSource.None, null },       // ... so no bypass protection
        { "127.0.0.3", "use-application-dns.net", false, PolicyAction.Pass, DecisionSource.None, null },
        { "127.0.0.4", "chat.example", false, PolicyAction.Pass, DecisionSource.None, null },     // noon: window closed
        { "127.0.0.4", "chat.example", true, PolicyAction.Block, DecisionSource.Schedule, "social" },
        { "127.0.0.4", "news.example", true, PolicyAction.Pass, DecisionSource.None, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_per_group_and_time(string client, string name, bool night, PolicyAction action, DecisionSource source, string? category)
    {
        var group = Policy.GroupFor(IPAddress.Parse(client).GetAddressBytes());
        var decision = Policy.Decide(group, name, night ? Night : Noon);
        Assert.Equal(action, decision.Action);
        Assert.Equal(source, decision.Source);
        Assert.Equal(category, Policy.CategoryName(decision));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Wire_names_decide_like_dotted_names(string client, string name, bool night, PolicyAction action, DecisionSource source, string? category)
    {
        _ = (action, source, category);
        var group = Policy.GroupFor(IPAddress.Parse(client).GetAddressBytes());
        var at = night ? Night : Noon;
        Assert.Equal(Policy.Decide(group, name, at), Policy.Decide(group, ToWire(name), at.Ticks));
    }

    [Fact]
    public void Safe_search_names_the_target()
    {
        var kids = Policy.GroupFor([127, 0, 0, 2]);
        var decision = Policy.Decide(kids, "www.youtube.com", Noon);
        Assert.Equal("restrict.youtube.com", Policy.SafeSearchTargets[decision.RewriteTarget]);
        Assert.Equal("safe search", Policy.RuleLabel(kids, decision));
    }

    [Fact]
    public void Rule_labels_name_the_schedule_and_category()
    {
        var kids = Policy.GroupFor([127, 0, 0, 2]);
        Assert.Equal("schedule bedtime", Policy.RuleLabel(kids, Policy.Decide(kids, "news.example", Night)));
        Assert.Equal("category social", Policy.RuleLabel(kids, Policy.Decide(kids, "chat.example", Noon)));
        var evening = Policy.GroupFor([127, 0, 0, 4]);
        Assert.Equal("schedule evening #1", Policy.RuleLabel(evening, Policy.Decide(evening, "chat.example", Night)));
    }

    [Fact]
    public void Cname_targets_are_judged_without_rewrites_or_signals()
    {
        var kids = Policy.GroupFor([127, 0, 0, 2]);
        Assert.Equal(PolicyAction.Block, Policy.DecideAnswerName(kids, ToWire("cdn.adult.example"), Noon.Ticks).Action);
        Assert.Equal(PolicyAction.Pass, Policy.DecideAnswerName(kids, ToWire("www.google.com"), Noon.Ticks).Action);
        Assert.Equal(PolicyAction.Pass, Policy.DecideAnswerName(kids, ToWire("use-application-dns.net"), Noon.Ticks).Action);
    }

    [Fact]
    public void Bypass_protection_can_be_switched_off_and_on()
    {
        var policy = Compile(d =>
        {
            d.Groups[0].BypassProtection = false;
            d.Groups[1].BypassProtection = true;
        });
        Assert.Equal(PolicyAction.Pass, policy.Decide(policy.GroupFor([127, 0, 0, 2]), "use-application-dns.net", Noon).Action);
        Assert.Equal(PolicyAction.Block, policy.Decide(policy.GroupFor([127, 0, 0, 3]), "dns.google", Noon).Action);
    }

    [Theory]
    [InlineData(null, null, BlockAnswerKind.Null)]
    [InlineData("nxdomain", null, BlockAnswerKind.NxDomain)]
    [InlineData("nxdomain", "refused", BlockAnswerKind.Refused)]
    [InlineData(null, "192.0.2.1,2001:db8::1", BlockAnswerKind.Address)]
    public void Block_modes_come_from_the_group_or_the_document(string? documentMode, string? groupMode, BlockAnswerKind kind)
    {
        var policy = Compile(d =>
        {
            d.BlockMode = documentMode;
            d.Groups[0].BlockMode = groupMode;
        });
        Assert.Equal(kind, policy.Groups[0].BlockAnswer.Kind);
    }

    [Theory]
    [InlineData("192.0.2.1", true, false)]
    [InlineData("2001:db8::1", false, true)]
    [InlineData("192.0.2.1, 2001:db8::1", true, true)]
    public void Address_block_modes_keep_one_address_per_family(string text, bool v4, bool v6)
    {
        Assert.True(BlockAnswer.TryParse(text, BlockAnswer.Null, out var answer));
        Assert.Equal(v4, answer.IPv4 is not null);
        Assert.Equal(v6, answer.IPv6 is not null);
    }

    [Theory]
    [InlineData("192.0.2.1,192.0.2.2")]
    [InlineData("sinkhole")]
    [InlineData(",")]
    public void Bad_block_modes_are_rejected(string text) => Assert.False(BlockAnswer.TryParse(text, BlockAnswer.Null, out _));

    internal static byte[] ToWire(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }
}
