using System.Net;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy;

namespace HomeFilter.Resolver.Tests.Reload;

/// <summary>A policy source naming a catalog id is fetched from the entry's URL and keeps the id as its name.</summary>
public sealed class CatalogSourceTests : IDisposable
{
    private const string Catalog = """
        { "version": 1, "lists": [ { "id": "test-adult", "category": "adult", "name": "Test adult", "url": "https://lists.example/adult.txt",
          "format": "plain", "compression": "none", "licence": "MIT", "homepage": "https://lists.example", "description": "d",
          "approximateEntries": 1, "sizeMeasured": true } ], "presets": [] }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-catalog-").FullName;

    private static string Policy(string source) => $$"""
        { "categories": { "adult": { "sources": ["{{source}}"] } }, "default": { "block": ["adult"] } }
        """;

    [Fact]
    public async Task A_catalog_id_is_downloaded_from_its_url_and_blocks_its_names()
    {
        var (loader, holder) = CreateWithCatalog(Catalog, out var asked);
        var result = await loader.ImportAsync(Policy("test-adult"), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(["https://lists.example/adult.txt"], asked);
        var source = Assert.Single(holder.Current.Sources, s => s.Category == 0);
        Assert.Equal("test-adult", source.Name);
        var explained = PolicyExplainer.Explain(holder.Current.Policy, holder.Current.Sources, IPAddress.Parse("192.168.1.9"), "www.adult.example", DateTime.UtcNow);
        Assert.Equal(PolicyAction.Block, explained.Action);
        Assert.Equal("adult", explained.Category);
    }

    [Fact]
    public async Task An_id_that_is_neither_in_the_catalog_nor_a_file_is_refused()
    {
        var (loader, _) = CreateWithCatalog(Catalog, out var asked);
        var result = await loader.ImportAsync(Policy("test-gambling"), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Message.Contains("'test-gambling' of category 'adult' is neither a catalog id", StringComparison.Ordinal));
        Assert.Empty(asked);
    }

    [Fact]
    public async Task A_broken_catalog_is_reported_and_its_ids_resolve_to_nothing()
    {
        var (loader, _) = CreateWithCatalog("{ \"version\": 1, ", out var asked);
        var result = await loader.ImportAsync(Policy("test-adult"), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Empty(asked);
        Assert.Empty(loader.Catalog.Lists);
    }

    [Fact]
    public async Task Checking_a_policy_offline_names_catalog_lists_as_not_checked()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "bundled"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "bundled", "catalog.json"), Catalog, TestContext.Current.CancellationToken);
        var path = Path.Combine(_folder, "policy.json");
        await File.WriteAllTextAsync(path, Policy("test-adult"), TestContext.Current.CancellationToken);
        var warnings = new List<string>();

        var snapshot = await PolicyFile.BuildAsync(path, Path.Combine(_folder, "bundled"), TestContext.Current.CancellationToken, warnings);

        Assert.Contains(warnings, w => w.Contains("'test-adult' of category 'adult' is downloaded when HomeFilter runs", StringComparison.Ordinal));
        Assert.Equal(0, snapshot.Trie.NameCount);
        Assert.Contains("adult", snapshot.Categories);
    }

    private (RuleSnapshotLoader Loader, RuleSnapshotHolder Holder) CreateWithCatalog(string catalog, out List<string> asked)
    {
        var list = Path.Combine(_folder, "adult-copy.txt");
        File.WriteAllText(list, "adult.example\n");
        Directory.CreateDirectory(Path.Combine(_folder, "bundled"));
        File.WriteAllText(Path.Combine(_folder, "bundled", "catalog.json"), catalog);
        var requests = new List<string>();
        asked = requests;
        return TestLoader.Create(_folder, (url, _) =>
        {
            requests.Add(url);
            return Task.FromResult(new ListFetchResult(list, false, null, DateTime.UtcNow));
        });
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
