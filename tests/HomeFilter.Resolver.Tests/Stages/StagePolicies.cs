using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Resolver.Tests.Stages;

/// <summary>
/// One small policy for the stage tests: <c>kids</c> (10.0.0.0/24) block <c>adult.example</c> and get safe search
/// (<c>www.google.com</c> → <c>forcesafesearch.google.com</c>); <c>evening</c> (10.0.1.0/24) block it only from 18:00
/// to 22:00 UTC; everyone else blocks nothing; <c>printer.home</c> is a local record.
/// </summary>
internal static class StagePolicies
{
    public const string Kids = "10.0.0.10";
    public const string Evening = "10.0.1.10";
    public const string Adult = "192.168.1.10";
    public const string SafeHost = "forcesafesearch.google.com";
    public static readonly DateTime Noon = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime SevenPm = new(2026, 12, 2, 19, 0, 0, DateTimeKind.Utc);

    public static RuleSnapshot Snapshot { get; } = Build();

    private static RuleSnapshot Build()
    {
        var trie = new CategoryTrieBuilder();
        trie.Add("adult.example", RuleValue.Block(0));
        var document = new PolicyDocument
        {
            TimeZone = "UTC",
            Categories = { ["adult"] = new() { Sources = ["a.txt"] } },
            Groups =
            {
                new GroupDefinition { Name = "kids", Clients = ["10.0.0.0/24"], Block = ["adult"], SafeSearch = true },
                new GroupDefinition
                {
                    Name = "evening",
                    Clients = ["10.0.1.0/24"],
                    Schedules = { new ScheduleDefinition { Name = "evening", Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], From = "18:00", To = "22:00", Block = ["adult"] } },
                },
            },
            Local = { new LocalRecordDefinition { Name = "printer.home", A = ["192.168.1.9"] } },
        };
        var builtIns = new BuiltInRules([SafeHost], [new("www.google.com", 0)], []);
        var policy = PolicyCompiler.Compile(document, trie.Build(), ["adult"], builtIns, TimeZoneInfo.Utc);
        return new RuleSnapshot(7, policy, [], LocalRecordSet.Build(document.Local), ForwardZoneSet.Empty, null);
    }
}
