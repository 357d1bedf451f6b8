using HomeFilter.Rules.Lists;

namespace HomeFilter.Rules.Tests.Policy.SafeSearch;

/// <summary>The plain lists shipped in <c>blocklists/</c>: they load cleanly and stay tidy.</summary>
public class BundledListTests
{
    public static TheoryData<string> PlainLists => new()
    {
        "bypass/doh-resolvers.txt",
        "bypass/vpn-proxy.txt",
        "bypass/signals.txt",
        "background.txt",
        "social.txt",
    };

    public static TheoryData<string> AllLists => new()
    {
        "bypass/doh-resolvers.txt",
        "bypass/vpn-proxy.txt",
        "bypass/signals.txt",
        "background.txt",
        "social.txt",
        "safesearch.txt",
    };

    [Theory]
    [MemberData(nameof(PlainLists))]
    public void Loads_with_nothing_skipped_and_no_duplicates(string list)
    {
        var names = ReadNames(list, out var report);

        Assert.Equal(0, report.SkippedTotal);
        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ListFormat.Domains, report.Format);
    }

    [Theory]
    [MemberData(nameof(AllLists))]
    public void Names_are_lower_case_and_sorted_within_each_section(string list)
    {
        var section = new List<string>();
        foreach (var raw in File.ReadLines(BundledFiles.PathOf(list)))
        {
            if (raw.Length == 0 || raw[0] is '#' or '[')
            {
                Assert.Equal(section.Order(StringComparer.Ordinal), section);
                section.Clear();
                continue;
            }

            Assert.Equal(raw.Trim().ToLowerInvariant(), raw);
            section.Add(raw);
        }

        Assert.Equal(section.Order(StringComparer.Ordinal), section);
    }

    [Theory]
    [MemberData(nameof(AllLists))]
    public void Header_names_its_sources_licence_and_date(string list)
    {
        var header = string.Join('\n', File.ReadLines(BundledFiles.PathOf(list)).TakeWhile(l => l.StartsWith('#')));

        Assert.Contains("https://", header, StringComparison.Ordinal);
        Assert.Contains("Licence", header, StringComparison.Ordinal);
        Assert.Contains("2026-11-28", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Signals_are_exactly_the_documented_canaries()
    {
        var names = ReadNames("bypass/signals.txt", out _);

        Assert.Equal(["mask-h2.icloud.com", "mask.icloud.com", "use-application-dns.net"], names.Order(StringComparer.Ordinal));
    }

    private static List<string> ReadNames(string list, out ParseReport report)
    {
        using var text = File.OpenText(BundledFiles.PathOf(list));
        var reader = new ListReader(text, ListFormat.Domains);
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.Current.Name);
        }

        report = reader.Report;
        return names;
    }
}
