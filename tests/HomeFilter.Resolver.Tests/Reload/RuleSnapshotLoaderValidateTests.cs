using HomeFilter.Resolver.Reload;

namespace HomeFilter.Resolver.Tests.Reload;

/// <summary>Validation answers what an import would: the same checks, lists included, and nothing stored or applied.</summary>
public sealed class RuleSnapshotLoaderValidateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-validate-").FullName;

    public RuleSnapshotLoaderValidateTests()
    {
        File.WriteAllText(Path.Combine(_folder, "adult.txt"), "adult.example\n");
        Directory.CreateDirectory(Path.Combine(_folder, "bundled"));
    }

    private string PolicyPath => Path.Combine(_folder, "policy.json");

    private (RuleSnapshotLoader Loader, RuleSnapshotHolder Holder) Create(Func<string, CancellationToken, Task<ListFetchResult>>? fetch = null) => TestLoader.Create(_folder, fetch);

    private static string Policy(string source) => $$"""
        { "categories": { "adult": { "sources": ["{{source}}"] } }, "groups": [ { "name": "kids", "clients": ["192.168.1.20"], "block": ["adult"] } ] }
        """;

    public static TheoryData<string, bool, string> Documents => new()
    {
        { Policy("adult.txt"), true, "" },                                 // relative: beside the policy file, as an import finds it
        { Policy("missing.txt"), false, "list 'missing.txt' of category 'adult' does not exist" },
        { Policy("https://lists.example/adult.txt"), false, "could not be downloaded (connection refused)" },
        { """{ "groups": [ { "name": "kids", "clients": ["nope"] } ] }""", false, "'nope' is not an IP address" },
        { """{ "shedules": [] }""", false, "unknown property 'shedules'" },
        { "not json", false, "" },
        { """{ "forward": [ { "domain": "home.arpa", "servers": ["127.0.0.1:5399"] } ] }""", true, "" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Validate_says_what_an_import_says(string json, bool valid, string expected)
    {
        var (validating, holder) = Create(FailingFetch);
        var errors = await validating.ValidateAsync(json, TestContext.Current.CancellationToken);
        Assert.Equal(0, holder.Current.Generation);
        Assert.False(File.Exists(PolicyPath));

        var (importing, _) = Create(FailingFetch);
        var imported = await importing.ImportAsync(json, TestContext.Current.CancellationToken);
        Assert.Equal(valid, errors.Count == 0);
        Assert.Equal(valid, imported.Succeeded);
        Assert.Equal(imported.Errors.Select(e => e.ToString()), errors.Select(e => e.ToString()));
        Assert.Contains(errors.Count == 0 ? [""] : errors.Select(e => e.Message), m => m.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_downloaded_list_is_fetched_as_an_import_would_fetch_it()
    {
        var list = Path.Combine(_folder, "downloaded.txt");
        await File.WriteAllTextAsync(list, "gambling.example\n", TestContext.Current.CancellationToken);
        var asked = new List<string>();
        var (loader, holder) = Create((url, _) =>
        {
            asked.Add(url);
            return Task.FromResult(new ListFetchResult(list, false, null, DateTime.UtcNow));
        });

        Assert.Empty(await loader.ValidateAsync(Policy("https://lists.example/gambling.txt"), TestContext.Current.CancellationToken));
        Assert.Equal(["https://lists.example/gambling.txt"], asked);
        Assert.Equal(0, holder.Current.Generation);
    }

    private static Task<ListFetchResult> FailingFetch(string url, CancellationToken cancellationToken)
        => Task.FromResult(new ListFetchResult(null, false, "connection refused", null));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
