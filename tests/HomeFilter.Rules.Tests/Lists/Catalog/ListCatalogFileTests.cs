using System.Text.Json;
using HomeFilter.Rules.Lists.Catalog;
using HomeFilter.Rules.Tests.Policy.Document;
using Json.Schema;

namespace HomeFilter.Rules.Tests.Lists.Catalog;

/// <summary>blocklists/catalog.json as shipped: valid against its schema, read without error, and covering what families and libraries block.</summary>
public sealed class ListCatalogFileTests
{
    private static readonly string Folder = Path.Combine(PolicyTestDocuments.RepositoryRoot(), "blocklists");

    private static readonly Lazy<ListCatalog> Shipped = new(() =>
    {
        var catalog = ListCatalog.Load(Path.Combine(Folder, ListCatalog.FileName), out var error);
        Assert.Null(error);
        return catalog!;
    });

    public static TheoryData<string> RequiredCategories => new()
    {
        "adult", "gambling", "social", "dating", "games", "video", "drugs", "violence", "piracy", "malware", "phishing", "scam", "ads", "cryptomining", "bypass",
    };

    [Fact]
    public void The_catalog_validates_against_its_schema()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, "catalog.schema.json")));
        using var instance = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, ListCatalog.FileName)));
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var failures = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}");
        Assert.True(result.IsValid, string.Join("\n", failures));
    }

    [Fact]
    public void Every_entry_has_a_licence_a_category_a_url_and_a_size()
    {
        Assert.True(Shipped.Value.Lists.Count >= 30, $"{Shipped.Value.Lists.Count} entries");
        foreach (var list in Shipped.Value.Lists)
        {
            Assert.False(string.IsNullOrWhiteSpace(list.Licence), list.Id);
            Assert.False(string.IsNullOrWhiteSpace(list.Category), list.Id);
            Assert.StartsWith("https://", list.Url, StringComparison.Ordinal);
            Assert.True(list.ApproximateEntries > 0, list.Id);
            Assert.Equal(list.Compression == "tar.gz", list.Url.EndsWith(".tar.gz", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(RequiredCategories))]
    public void Each_category_families_and_libraries_block_has_lists(string category) =>
        Assert.Contains(Shipped.Value.Lists, l => l.Category == category);

    [Theory]
    [InlineData("family")]
    [InlineData("library")]
    public void The_presets_block_adult_content_and_threats(string id)
    {
        var preset = Shipped.Value.Preset(id);
        Assert.NotNull(preset);
        Assert.Contains("adult", preset.Block);
        Assert.Contains("malware", preset.Block);
        Assert.Contains("phishing", preset.Block);
    }
}
