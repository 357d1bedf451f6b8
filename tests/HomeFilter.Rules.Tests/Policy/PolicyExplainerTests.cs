using System.Net;
using System.Text;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Rules.Tests.Policy;

public sealed class PolicyExplainerTests
{
    private static readonly string[] Names = ["adult", "bypass"];
    private static readonly DateTime Night = new(2026, 11, 29, 22, 0, 0, DateTimeKind.Utc);

    private static (CompiledPolicy Policy, RuleSource[] Sources) Build()
    {
        var list = "# adult\nfine.example\nadult.example\n";
        var sources = new[] { new RuleSource("adult.txt", 0, () => new MemoryStream(Encoding.UTF8.GetBytes(list))) };
        var trie = RuleSetLoader.Load(sources).Trie;
        var document = new PolicyDocument
        {
            TimeZone = "Europe/London",
            Categories = { ["adult"] = new() { Sources = ["adult.txt"] } },
            Allow = ["homework.example"],
            Deny = ["bad.example"],
            Groups =
            {
                new GroupDefinition
                {
                    Name = "kids",
                    Clients = ["192.168.1.0/24"],
                    Block = ["adult"],
                    Schedules = { new ScheduleDefinition { Name = "bedtime", From = "21:00", To = "07:00", Block = ["*"] } },
                },
            },
        };
        return (PolicyCompiler.Compile(document, trie, Names, new BuiltInRules([], [], ["use-application-dns.net"])), sources);
    }

    [Theory]
    [InlineData("192.168.1.20", "www.adult.example", "2026-11-29T12:00:00Z", "Blocked for group 'kids': category 'adult' (adult.txt line 3: adult.example)")]
    [InlineData("192.168.1.20", "news.example", "2026-11-29T22:00:00Z", "Blocked for group 'kids' at Sun 22:00: schedule 'bedtime' blocks everything but the allow entries")]
    [InlineData("192.168.1.20", "a.homework.example", "2026-11-29T22:00:00Z", "Allowed for group 'kids': the policy allows 'homework.example'")]
    [InlineData("10.0.0.1", "x.bad.example", "2026-11-29T12:00:00Z", "Blocked for clients in no group: the policy denies 'bad.example'")]
    [InlineData("10.0.0.1", "adult.example", "2026-11-29T12:00:00Z", "Resolved normally for clients in no group")]
    [InlineData("192.168.1.20", "use-application-dns.net", "2026-11-29T12:00:00Z", "NXDOMAIN for group 'kids': 'use-application-dns.net' is a bypass signal (bypass protection is on)")]
    public void Explains_group_schedule_category_and_list_line(string client, string name, string utc, string summary)
    {
        var (policy, sources) = Build();
        var at = DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var explanation = PolicyExplainer.Explain(policy, sources, IPAddress.Parse(client), name, at);
        Assert.Equal(summary, explanation.Summary);
    }

    [Fact]
    public void The_list_lines_are_listed_even_when_the_client_is_not_blocked()
    {
        var (policy, sources) = Build();
        var explanation = PolicyExplainer.Explain(policy, sources, IPAddress.Parse("10.0.0.1"), "adult.example", Night);
        var line = Assert.Single(explanation.ListLines);
        Assert.Equal(3, line.LineNumber);
        Assert.Null(explanation.Group);
    }

    [Fact]
    public void A_bad_name_is_a_format_error()
    {
        var (policy, sources) = Build();
        Assert.Throws<FormatException>(() => PolicyExplainer.Explain(policy, sources, IPAddress.Loopback, "not a name", Night));
    }
}
