using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Reload.Sources;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Lists.Catalog;

namespace HomeFilter.Resolver.Tests.Reload.Sources;

/// <summary>
/// The lists the presets use, as they really are: copies of them (kept beside the repository in
/// <c>../shared/data/real/blocklists</c>, never committed) are served from a loopback host as the catalog entry would
/// serve them (UT1's inside a tar.gz archive), downloaded through the guards and parsed with the bundled essential
/// names. A preset list must pass the guards, parse to about the size the catalog says, and hold back no essential
/// name; the lists whose catalog notes name what the guard holds back hold back exactly those names.
/// Without the copies (a fresh clone) this skips; under <c>CI=true</c> the copies are required.
/// </summary>
public sealed class CatalogRealListsTests
{
    /// <summary>Where each catalog id's copy is in the shared folder.</summary>
    private static readonly Dictionary<string, string> Copies = new(StringComparer.Ordinal)
    {
        ["hagezi-nsfw"] = "hagezi/nsfw.txt.gz",
        ["sinfonietta-porn"] = "sinfonietta/porn.hosts.txt.gz",
        ["4skinskywalker-porn"] = "4skinskywalker/porn.hosts.txt.gz",
        ["hagezi-gambling"] = "hagezi/gambling-medium.txt.gz",
        ["sinfonietta-gambling"] = "sinfonietta/gambling.hosts.txt",
        ["hagezi-social"] = "hagezi/social.txt",
        ["ut1-dating"] = "ut1/dating.txt",
        ["ut1-games"] = "ut1/games.txt",
        ["ut1-audio-video"] = "ut1/audio-video.txt",
        ["blocklistproject-drugs"] = "blocklistproject/drugs.hosts.txt",
        ["ut1-aggressive"] = "ut1/agressif.txt",
        ["sinfonietta-snuff"] = "sinfonietta/snuff.hosts.txt",
        ["hagezi-tif-mini"] = "hagezi/tif-mini.txt.gz",
        ["blocklistproject-phishing"] = "blocklistproject/phishing.txt.gz",
        ["hagezi-fake"] = "hagezi/fake.txt",
        ["ut1-cryptojacking"] = "ut1/cryptojacking.txt",
        ["hagezi-doh-vpn-proxy-bypass"] = "hagezi/doh-vpn-proxy-bypass.txt",
        ["nextdns-encrypted-dns"] = "nextdns-bypass/encrypted-dns.txt",
        ["nextdns-proxies"] = "nextdns-bypass/proxies.txt",
        ["hagezi-nosafesearch"] = "hagezi/nosafesearch.txt",
        ["romainmarcoux-malicious-aa"] = "romainmarcoux/phishing-part-aa.txt.gz",
        ["romainmarcoux-malicious-ab"] = "romainmarcoux/phishing-part-ab.txt.gz",
        ["hagezi-anti-piracy"] = "hagezi/anti-piracy.txt",
        ["ut1-stalkerware"] = "ut1/stalkerware.txt",
        ["ut1-doh"] = "ut1/doh.txt",
        ["ut1-chat"] = "ut1/chat.txt",
    };

    /// <summary>Lists whose catalog notes say the guard holds names back, and those names.</summary>
    private static readonly Dictionary<string, string[]> NotedHolds = new(StringComparer.Ordinal)
    {
        ["ut1-doh"] = ["apple-dns.net"],
        ["ut1-chat"] = ["skype.com", "teams.microsoft.com"],
    };

    private static readonly string Bundled = Path.Combine(RepositoryRoot(), "blocklists");

    private static readonly ListCatalog Catalog = ListCatalog.Load(Path.Combine(Bundled, ListCatalog.FileName), out _)
        ?? throw new InvalidDataException("blocklists/catalog.json does not load");

    public static TheoryData<string> PresetLists() => [.. PresetIds()];

    private static SortedSet<string> PresetIds()
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var preset in Catalog.Presets)
        {
            foreach (var sources in preset.Categories.Values)
            {
                ids.UnionWith(sources);
            }
        }

        return ids;
    }

    public static TheoryData<string> NotedLists() => [.. NotedHolds.Keys];

    [Fact]
    public void Every_preset_list_has_a_copy_named_here()
    {
        foreach (var id in PresetIds())
        {
            Assert.True(Copies.ContainsKey(id), $"{id} is in a preset but has no copy named in this test");
        }
    }

    [Theory]
    [MemberData(nameof(PresetLists))]
    public async Task A_preset_list_passes_the_guards_and_blocks_no_essential_name(string id)
    {
        var (download, lists) = await DownloadAndParseAsync(id);

        Assert.True(download.Status == ListDownloadStatus.Downloaded, $"{id}: {download.Status} {download.Error}");
        var report = Assert.Single(lists.Lists).Report;
        Assert.True(report.EssentialHeldBack == 0, $"{id} would block essential names: {Holds(report)}");
        Assert.True(Catalog.TryGet(id, out var entry));
        // The catalog's size is what a copy parsed to; a list may grow or shrink a little between reviews.
        Assert.InRange(report.Entries, entry.ApproximateEntries / 2, entry.ApproximateEntries * 2);
    }

    [Theory]
    [MemberData(nameof(NotedLists))]
    public async Task A_list_whose_notes_name_held_back_names_holds_back_those(string id)
    {
        var (download, lists) = await DownloadAndParseAsync(id);

        Assert.Equal(ListDownloadStatus.Downloaded, download.Status);
        var report = Assert.Single(lists.Lists).Report;
        var held = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var hold in report.EssentialHolds)
        {
            held.Add(hold.Name);
        }

        Assert.Equal(NotedHolds[id], held);
        Assert.True(Catalog.TryGet(id, out var entry));
        foreach (var name in NotedHolds[id])
        {
            Assert.Contains(name, entry.Notes, StringComparison.Ordinal);
        }
    }

    private static async Task<(ListDownload Download, RuleSetLoadResult Lists)> DownloadAndParseAsync(string id)
    {
        var copy = CopyOf(id);
        Assert.True(Catalog.TryGet(id, out var entry), $"{id} is not in the catalog");
        var body = await File.ReadAllBytesAsync(copy, TestContext.Current.CancellationToken);
        if (entry.Compression == "tar.gz")
        {
            // UT1 serves each category as <category>/domains inside an archive; the copy here is that member.
            body = ListGuardTests.TarGz(($"{id}/domains", System.Text.Encoding.UTF8.GetString(body)), ($"{id}/usage", "black\n"));
        }

        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness(new ListSourceOptions { TimeoutSeconds = 60 });
        server.Handler = ListTestServer.Serve(body, etag: "\"v1\"", contentType: "application/octet-stream");
        var download = await harness.FetchAsync(server.Url("/" + Path.GetFileName(new Uri(entry.Url).AbsolutePath)));
        Assert.NotNull(download.LocalPath);

        var problems = new List<string>();
        var essential = BundledRules.LoadEssential(Bundled, [], problems);
        Assert.Empty(problems);
        var path = download.LocalPath;
        var lists = RuleSetLoader.Load([new RuleSource(id, 0, () => File.OpenRead(path), gzip: download.Gzip)], essential: essential);
        return (download, lists);
    }

    private static string CopyOf(string id)
    {
        var folder = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data", "real", "blocklists"));
        var copy = Copies.TryGetValue(id, out var relative) ? Path.Combine(folder, relative) : null;
        if (copy is null || !File.Exists(copy))
        {
            var reason = $"no copy of {id} in {folder} (the real lists beside the repository)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(reason + "; CI must have them");
            }

            Assert.Skip(reason);
        }

        return copy;
    }

    private static string Holds(ParseReport report)
    {
        var names = new List<string>();
        foreach (var hold in report.EssentialHolds)
        {
            names.Add($"{hold.Name} (line {hold.LineNumber})");
        }

        return string.Join(", ", names);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HomeFilter.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("HomeFilter.sln not found above " + AppContext.BaseDirectory);
    }
}
