using System.Text;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Reload.Sources;
using HomeFilter.Resolver.Tests.Reload.Sources;
using HomeFilter.Resolver.Upstream;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Tests.Reload;

/// <summary>Per-source refreshes end to end: a loopback list host, the production downloader, loader and refresh service.</summary>
public sealed class ListRefreshServiceTests
{
    [Fact]
    public async Task A_failing_host_backs_off_keeps_the_last_good_copy_and_recovers()
    {
        await using var server = await ListTestServer.StartAsync();
        using var rig = new RefreshRig();
        server.Handler = ListTestServer.Serve(ListGuardTests.Names(100), etag: "\"v1\"");
        var url = server.Url("/adult.txt");
        await rig.StartAsync(url);
        var generation = rig.Holder.Current.Generation;

        server.Handler = ListTestServer.Status(StatusCodes.Status500InternalServerError);
        var failed = Assert.Single(await rig.Refresh.RefreshAllAsync(TestContext.Current.CancellationToken));
        var again = Assert.Single(await rig.Refresh.RefreshAllAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ListDownloadStatus.FailedUsingCached, failed.LastStatus);
        Assert.Contains("500", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(2, again.ConsecutiveFailures);
        var wait = again.NextRefreshUtc!.Value - again.LastAttemptUtc!.Value;
        Assert.Equal(2, wait.TotalMinutes, precision: 0);
        Assert.Equal(generation, rig.Holder.Current.Generation);
        Assert.True(rig.Holder.Current.Trie.Match("name1.example").IsBlocked);

        server.Handler = ListTestServer.Serve(ListGuardTests.Names(120), etag: "\"v2\"");
        var recovered = await rig.Refresh.RefreshAsync(ListSourceId.For(url), TestContext.Current.CancellationToken);

        Assert.NotNull(recovered);
        Assert.Equal(ListDownloadStatus.Downloaded, recovered.LastStatus);
        Assert.Null(recovered.LastError);
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Equal(2, recovered.Failures);
        Assert.True(rig.Holder.Current.Generation > generation);
        Assert.True(rig.Holder.Current.Trie.Match("name110.example").IsBlocked);
    }

    [Fact]
    public async Task A_304_costs_no_rebuild()
    {
        await using var server = await ListTestServer.StartAsync();
        using var rig = new RefreshRig();
        server.Handler = ListTestServer.Serve(ListGuardTests.Names(10), etag: "\"v1\"");
        await rig.StartAsync(server.Url("/adult.txt"));
        var generation = rig.Holder.Current.Generation;

        var state = Assert.Single(await rig.Refresh.RefreshAllAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ListDownloadStatus.NotModified, state.LastStatus);
        Assert.Equal(generation, rig.Holder.Current.Generation);
        var wait = state.NextRefreshUtc!.Value - state.LastAttemptUtc!.Value;
        Assert.InRange(wait.TotalHours, 21.6 - 0.01, 26.4 + 0.01);
    }

    [Fact]
    public async Task A_list_that_shrinks_to_ten_percent_is_held_back_and_raises_the_event()
    {
        await using var server = await ListTestServer.StartAsync();
        using var rig = new RefreshRig();
        server.Handler = ListTestServer.Serve(ListGuardTests.Names(100), etag: "\"v1\"");
        var url = server.Url("/adult.txt");
        await rig.StartAsync(url);
        var raised = new List<ListHeldBackEventArgs>();
        rig.States.HeldBackRaised += (_, e) => raised.Add(e);

        server.Handler = ListTestServer.Serve(ListGuardTests.Names(10), etag: "\"v2\"");
        var state = Assert.Single(await rig.Refresh.RefreshAllAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ListDownloadStatus.HeldBack, state.LastStatus);
        Assert.Contains("less than half", state.HeldBack, StringComparison.Ordinal);
        var held = Assert.Single(raised);
        Assert.Equal(ListSourceId.For(url), held.Id);
        Assert.True(rig.Holder.Current.Trie.Match("name90.example").IsBlocked);
    }

    [Fact]
    public async Task An_unknown_id_is_not_refreshed()
    {
        await using var server = await ListTestServer.StartAsync();
        using var rig = new RefreshRig();
        server.Handler = ListTestServer.Serve(ListGuardTests.Names(3));
        await rig.StartAsync(server.Url("/adult.txt"));

        Assert.Null(await rig.Refresh.RefreshAsync("src-000000000000", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_list_that_blocks_google_is_held_back_with_its_line_and_the_rest_applies()
    {
        await using var server = await ListTestServer.StartAsync();
        using var rig = new RefreshRig();
        File.WriteAllText(Path.Combine(rig.Bundled, "essential.txt"), "# test\ngoogle.com\nclassroom.google.com\n");
        server.Handler = ListTestServer.Serve(Encoding.UTF8.GetBytes("# porn\nporn.example\nskype.example\ngoogle.com\nmore-porn.example\n"));
        await rig.StartAsync(server.Url("/porn.txt"));

        var list = Assert.Single(rig.Loader.Lists);
        Assert.Equal(1, list.Report.EssentialHeldBack);
        Assert.Equal(new HomeFilter.Rules.Lists.EssentialHold("google.com", 4), Assert.Single(list.Report.EssentialHolds));
        Assert.False(rig.Holder.Current.Trie.Match("google.com").IsBlocked);
        Assert.True(rig.Holder.Current.Trie.Match("porn.example").IsBlocked);
        Assert.True(rig.Holder.Current.Trie.Match("more-porn.example").IsBlocked);
    }

    [Fact]
    public async Task Without_the_essential_file_the_guard_is_off_and_a_warning_says_so()
    {
        await using var server = await ListTestServer.StartAsync();
        using var rig = new RefreshRig();
        server.Handler = ListTestServer.Serve(Encoding.UTF8.GetBytes("google.com\n"));
        await rig.StartAsync(server.Url("/porn.txt"));

        Assert.True(rig.Holder.Current.Trie.Match("google.com").IsBlocked);
        Assert.Contains(rig.Loader.Warnings, w => w.Contains("essential.txt is missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_no_network_the_start_uses_the_last_good_copies()
    {
        var cache = Path.Combine(Path.GetTempPath(), "homefilter-offline-" + Guid.NewGuid().ToString("N"));
        string url;
        await using (var server = await ListTestServer.StartAsync())
        {
            server.Handler = ListTestServer.Serve(ListGuardTests.Names(20));
            url = server.Url("/adult.txt");
            using var online = new RefreshRig(cache, keepCache: true);
            await online.StartAsync(url);
        }

        // The host is gone and the copy is older than the refresh period, so the start must ask, fail, and use it.
        using var offline = new RefreshRig(cache, refreshHours: 0.0001);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await offline.StartAsync(url);

        Assert.True(offline.Holder.Current.Trie.Match("name5.example").IsBlocked);
        var state = offline.States.Get(ListSourceId.For(url));
        Assert.NotNull(state);
        Assert.Equal(ListDownloadStatus.FailedUsingCached, state.LastStatus);
        Assert.Contains(offline.Loader.Warnings, w => w.Contains(url, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(WhenCategoryHasNoList.Answer, false)]
    [InlineData(WhenCategoryHasNoList.Refuse, true)]
    public async Task With_no_network_and_no_copy_the_start_goes_on_without_the_category(WhenCategoryHasNoList mode, bool refuse)
    {
        using var rig = new RefreshRig(whenNoList: mode);

        await rig.StartAsync("http://127.0.0.1:1/adult.txt");

        var snapshot = rig.Holder.Current;
        Assert.Equal(1UL, snapshot.MissingCategories);
        Assert.Equal(refuse, snapshot.RefuseMissingCategories);
        Assert.Equal("http://127.0.0.1:1/adult.txt", Assert.Single(snapshot.MissingSources).Source);
        Assert.Contains(rig.Loader.Warnings, w => w.Contains("has no list loaded yet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_import_is_refused_for_a_new_list_with_no_copy_but_not_for_one_already_missing()
    {
        using var rig = new RefreshRig();
        const string missing = "http://127.0.0.1:1/adult.txt";
        await rig.StartAsync(missing);

        var edit = await rig.Loader.ImportAsync($$"""{ "categories": { "adult": { "sources": ["{{missing}}"] } }, "allow": ["school.example"], "default": { "block": ["adult"] } }""", TestContext.Current.CancellationToken);
        var added = await rig.Loader.ImportAsync($$"""{ "categories": { "adult": { "sources": ["{{missing}}", "http://127.0.0.1:1/new.txt"] } }, "default": { "block": ["adult"] } }""", TestContext.Current.CancellationToken);

        Assert.True(edit.Succeeded);
        Assert.False(added.Succeeded);
        Assert.Contains(added.Errors, e => e.Message.Contains("new.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_catalog_id_is_refreshed_from_its_entry_by_its_own_id_and_held_back_like_a_url()
    {
        await using var server = await ListTestServer.StartAsync();
        using var rig = new RefreshRig();
        var url = server.Url("/catalog/adult.txt");
        File.WriteAllText(Path.Combine(rig.Bundled, "catalog.json"), $$"""
            { "version": 1, "lists": [ { "id": "test-adult", "category": "adult", "name": "Test adult", "url": "{{url}}",
              "format": "plain", "compression": "none", "licence": "MIT", "homepage": "https://lists.example", "description": "d",
              "approximateEntries": 100, "sizeMeasured": true } ], "presets": [] }
            """);
        server.Handler = ListTestServer.Serve(ListGuardTests.Names(100), etag: "\"v1\"");
        await rig.StartAsync("test-adult");
        Assert.Equal(url, rig.Loader.DownloadUrl("test-adult"));
        var generation = rig.Holder.Current.Generation;

        server.Handler = ListTestServer.Serve(ListGuardTests.Names(120), etag: "\"v2\"");
        var refreshed = await rig.Refresh.RefreshAsync("test-adult", TestContext.Current.CancellationToken);
        server.Handler = ListTestServer.Serve(ListGuardTests.Names(5), etag: "\"v3\"");
        var shrunk = Assert.Single(await rig.Refresh.RefreshAllAsync(TestContext.Current.CancellationToken));

        Assert.NotNull(refreshed);
        Assert.Equal(ListDownloadStatus.Downloaded, refreshed.LastStatus);
        Assert.Equal(url, refreshed.Source);
        Assert.True(rig.Holder.Current.Generation > generation);
        Assert.Equal(ListDownloadStatus.HeldBack, shrunk.LastStatus);
        Assert.True(rig.Holder.Current.Trie.Match("name110.example").IsBlocked);
        Assert.Equal("test-adult", Assert.Single(rig.Holder.Current.Sources, s => s.Category == 0).Name);
        Assert.All(server.Requests, r => Assert.Equal("/catalog/adult.txt", r.Path));
    }

    /// <summary>A policy naming one URL list, blocked for every client, and everything that loads and refreshes it.</summary>
    private sealed class RefreshRig : IDisposable
    {
        private readonly ListHttpClient _client;
        private readonly bool _keepCache;

        public RefreshRig(string? cache = null, bool keepCache = false, double refreshHours = 24, WhenCategoryHasNoList whenNoList = WhenCategoryHasNoList.Answer)
        {
            _keepCache = keepCache;
            Folder = Directory.CreateTempSubdirectory("homefilter-refresh-").FullName;
            Bundled = Directory.CreateDirectory(Path.Combine(Folder, "bundled")).FullName;
            Cache = cache ?? Path.Combine(Folder, "lists");
            var options = Options.Create(new ListSourceOptions { TimeoutSeconds = 5, RefreshHours = refreshHours, WhenCategoryHasNoList = whenNoList });
            _client = new ListHttpClient(options);
            var downloader = new ListDownloader(_client.Client, Cache, options, TimeProvider.System, NullLogger<ListDownloader>.Instance);
            States = new ListSourceStates(TimeProvider.System);
            Holder = new RuleSnapshotHolder();
            Loader = new RuleSnapshotLoader(
                Holder,
                Options.Create(new PolicyOptions { File = Path.Combine(Folder, "policy.json"), BundledLists = Bundled, Watch = false }),
                Options.Create(new BlocklistOptions()),
                Options.Create(new UpstreamOptions()),
                NullLogger<UpstreamSet>.Instance,
                NullLogger<RuleSnapshotLoader>.Instance,
                async (url, token) =>
                {
                    var download = await downloader.FetchIfDueAsync(url, token);
                    States.Record(download);
                    var failed = download.Status is ListDownloadStatus.Failed or ListDownloadStatus.FailedUsingCached or ListDownloadStatus.HeldBack;
                    return new ListFetchResult(download.LocalPath, download.Gzip, failed ? download.Error : null, download.LastSuccessUtc);
                },
                options);
            Refresh = new ListRefreshService(Loader, Holder, downloader, States, options, TimeProvider.System, NullLogger<ListRefreshService>.Instance);
        }

        public string Folder { get; }

        public string Bundled { get; }

        public string Cache { get; }

        public ListSourceStates States { get; }

        public RuleSnapshotHolder Holder { get; }

        public RuleSnapshotLoader Loader { get; }

        public ListRefreshService Refresh { get; }

        public Task StartAsync(string url)
        {
            File.WriteAllText(Path.Combine(Folder, "policy.json"), $$"""{ "categories": { "adult": { "sources": ["{{url}}"] } }, "default": { "block": ["adult"] } }""");
            return Loader.StartAsync(TestContext.Current.CancellationToken);
        }

        public void Dispose()
        {
            Refresh.Dispose();
            Loader.Dispose();
            _client.Dispose();
            TryDelete(Folder);
            if (!_keepCache)
            {
                TryDelete(Cache);
            }
        }

        private static void TryDelete(string folder)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }
}
