using HomeFilter.Rules.Policy.SafeSearch;

namespace HomeFilter.Rules.Tests.Policy.SafeSearch;

/// <summary>The real <c>blocklists/safesearch.txt</c> shipped with the program.</summary>
public class BundledSafeSearchTests
{
    private static readonly Lazy<(SafeSearchMap Map, IReadOnlyList<string> Errors)> Bundled = new(() =>
    {
        using var reader = File.OpenText(BundledFiles.PathOf("safesearch.txt"));
        var map = SafeSearchMapReader.Read(reader, out var errors);
        return (map, errors);
    });

    [Fact]
    public void Reads_without_errors()
    {
        Assert.Empty(Bundled.Value.Errors);
    }

    [Fact]
    public void Has_the_four_engines_targets()
    {
        Assert.Equal(
            ["forcesafesearch.google.com", "restrict.youtube.com", "safe.duckduckgo.com", "strict.bing.com"],
            Bundled.Value.Map.Targets.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("google.com", "forcesafesearch.google.com")]
    [InlineData("www.google.com", "forcesafesearch.google.com")]
    [InlineData("www.google.co.uk", "forcesafesearch.google.com")]
    [InlineData("www.google.de", "forcesafesearch.google.com")]
    [InlineData("google.com.vn", "forcesafesearch.google.com")]
    [InlineData("www.youtube.com", "restrict.youtube.com")]
    [InlineData("m.youtube.com", "restrict.youtube.com")]
    [InlineData("www.bing.com", "strict.bing.com")]
    [InlineData("duckduckgo.com", "safe.duckduckgo.com")]
    public void Maps_a_search_name_to_its_safe_host(string name, string target)
    {
        var map = Bundled.Value.Map;
        var entry = Assert.Single(map.Entries, e => e.Name == name);
        Assert.Equal(target, map.Targets[entry.TargetIndex]);
    }

    [Fact]
    public void Google_section_lists_each_country_domain_bare_and_with_www()
    {
        var map = Bundled.Value.Map;
        var google = map.Entries.Where(e => map.Targets[e.TargetIndex] == "forcesafesearch.google.com").Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var bare = google.Where(n => !n.StartsWith("www.", StringComparison.Ordinal)).ToList();

        Assert.True(bare.Count > 180, $"only {bare.Count} Google search domains");
        Assert.All(bare, n => Assert.Contains("www." + n, google));
        Assert.Equal(bare.Count * 2, google.Count);
    }
}
