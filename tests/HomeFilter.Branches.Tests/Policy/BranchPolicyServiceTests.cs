using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HomeFilter.Branches.Policy;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Storage.Branches;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Branches.Tests.Policy;

/// <summary>The branch's policy source: seeds an empty store, applies announced generations, refuses an edit based on an old one.</summary>
public sealed class BranchPolicyServiceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("homefilter-policy-").FullName;

    [Fact]
    public async Task An_empty_store_is_seeded_with_the_local_policy()
    {
        var store = new FakePolicyStore();
        var (service, _) = await StartAsync(store);

        await service.CheckAsync(CancellationToken.None);

        var saved = Assert.Single(store.Saved);
        Assert.Equal(1, saved.Generation);
        Assert.Equal(1, service.Generation);
    }

    [Fact]
    public async Task An_announced_generation_is_applied_written_privately_and_remembered()
    {
        var store = new FakePolicyStore();
        store.Save("""{ "deny": ["blocked.test"] }""");
        var (service, holder) = await StartAsync(store);
        var applied = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.Applied += generation => applied.TrySetResult(generation);
        using var stopping = new CancellationTokenSource();
        await service.StartAsync(CancellationToken.None);

        Assert.Equal(1, await applied.Task.WaitAsync(TestContext.Current.CancellationToken));
        Assert.Contains("blocked.test", holder.Current.Policy.Document.Deny);
        var local = Path.Combine(_directory, "policy.json");
        Assert.Contains("blocked.test", await File.ReadAllTextAsync(local, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(local));
        }

        // A missed announcement is caught up by generation: the watch only says "3", the fetch brings it.
        var third = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        service.Applied += generation => { if (generation == 3) { third.TrySetResult(generation); } };
        store.Save("""{ "deny": ["other.test"] }""", announce: false);
        store.Save("""{ "deny": ["third.test"] }""");
        Assert.Equal(3, await third.Task.WaitAsync(TestContext.Current.CancellationToken));
        Assert.Contains("third.test", holder.Current.Policy.Document.Deny);
        Assert.StartsWith("3 ", await File.ReadAllTextAsync(Path.Combine(_directory, "policy-generation"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_edit_based_on_an_old_generation_is_a_conflict_and_changes_nothing()
    {
        var store = new FakePolicyStore();
        var (service, holder) = await StartAsync(store);
        await service.CheckAsync(CancellationToken.None);
        store.Save("""{ "deny": ["elsewhere.test"] }""", announce: false);

        var result = await service.EditAsync(document => { document.Deny.Add("mine.test"); return true; }, "alice", CancellationToken.None);

        Assert.True(result.Conflict);
        Assert.Equal(2, store.Saved.Count);
        Assert.DoesNotContain("mine.test", holder.Current.Policy.Document.Deny);
    }

    [Fact]
    public async Task An_invalid_edit_is_rejected_before_it_reaches_the_store()
    {
        var store = new FakePolicyStore();
        var (service, _) = await StartAsync(store);
        await service.CheckAsync(CancellationToken.None);

        var result = await service.ImportAsync("""{ "deny": ["bad..name"] }""", "alice", CancellationToken.None);

        Assert.False(result.Result!.Succeeded);
        Assert.Single(store.Saved);
    }

    private async Task<(BranchPolicyService Service, RuleSnapshotHolder Holder)> StartAsync(FakePolicyStore store)
    {
        var holder = new RuleSnapshotHolder();
        var options = new PolicyOptions { DataDirectory = _directory, Watch = false, RulesFile = false, BundledLists = Path.Combine(_directory, "none") };
        var loader = new RuleSnapshotLoader(holder, Options.Create(options), Options.Create(new BlocklistOptions()), Options.Create(new UpstreamOptions()),
            NullLogger<UpstreamSet>.Instance, NullLogger<RuleSnapshotLoader>.Instance);
        await loader.StartAsync(CancellationToken.None);
        var service = new BranchPolicyService(store, loader, Options.Create(new BranchOptions { Id = "east", PollSeconds = 3600 }), _directory, TimeProvider.System, NullLogger<BranchPolicyService>.Instance);
        return (service, holder);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A policy store in memory: generations in order, announcements through a channel.</summary>
    private sealed class FakePolicyStore : IPolicyStore
    {
        private readonly Channel<long> _announced = Channel.CreateUnbounded<long>();

        public List<StoredPolicy> Saved { get; } = [];

        public StoredPolicy Save(string document, bool announce = true)
        {
            lock (Saved)
            {
                var stored = new StoredPolicy(Saved.Count + 1, document, DateTime.UtcNow, "test");
                Saved.Add(stored);
                if (announce)
                {
                    _announced.Writer.TryWrite(stored.Generation);
                }

                return stored;
            }
        }

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<StoredPolicy?> GetLatestAsync(CancellationToken cancellationToken)
        {
            lock (Saved)
            {
                return Task.FromResult(Saved.Count == 0 ? null : Saved[^1]);
            }
        }

        public Task<StoredPolicy?> SaveAsync(string document, long expectedGeneration, string? changedBy, CancellationToken cancellationToken)
        {
            lock (Saved)
            {
                return Task.FromResult(Saved.Count == expectedGeneration ? Save(document) : null);
            }
        }

        public async IAsyncEnumerable<long> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var generation in _announced.Reader.ReadAllAsync(cancellationToken))
            {
                yield return generation;
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
