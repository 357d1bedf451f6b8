using HomeFilter.Resolver.Reload;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeFilter.Resolver.Tests.Reload;

/// <summary>Ended overrides leave the stored policy by themselves; edits made at the same time are not lost.</summary>
public sealed class OverrideExpiryServiceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-expiry-").FullName;

    private string PolicyPath => Path.Combine(_folder, "policy.json");

    [Fact]
    public async Task An_override_is_taken_out_of_the_stored_policy_once_it_has_ended_and_not_before()
    {
        var clock = new Clock(new DateTimeOffset(2026, 12, 2, 18, 0, 0, TimeSpan.Zero));
        var (loader, holder) = Create();
        await loader.ImportAsync("""
            {
              "groups": [ { "name": "kids", "clients": ["192.168.1.20"] } ],
              "overrides": [
                { "id": "soon", "kind": "pause", "client": "192.168.1.20", "until": "2026-12-02T18:30:00Z" },
                { "id": "later", "kind": "blockAll", "group": "kids", "until": "2026-12-02T19:00:00Z" },
                { "id": "gone", "kind": "pause", "client": "192.168.1.21", "until": "2026-12-01T18:00:00Z" }
              ]
            }
            """, TestContext.Current.CancellationToken);
        var service = new OverrideExpiryService(loader, holder, clock, NullLogger<OverrideExpiryService>.Instance);

        // At start, the one that ended while the program was stopped goes; the next look is at the next end.
        var wait = await service.SweepAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["soon", "later"], Ids(holder));
        Assert.Equal(TimeSpan.FromSeconds(30), wait);
        Assert.DoesNotContain("\"gone\"", await File.ReadAllTextAsync(PolicyPath, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(29.9));
        wait = await service.SweepAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["soon", "later"], Ids(holder));
        Assert.True(wait <= TimeSpan.FromSeconds(6.1), $"waits {wait} for an end 6 s away");

        clock.Advance(TimeSpan.FromSeconds(6));
        await service.SweepAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["later"], Ids(holder));

        clock.Advance(TimeSpan.FromHours(1));
        var generation = holder.Current.Generation;
        await service.SweepAsync(TestContext.Current.CancellationToken);
        Assert.Empty(Ids(holder));
        await service.SweepAsync(TestContext.Current.CancellationToken);
        Assert.Equal(generation + 1, holder.Current.Generation);
    }

    [Fact]
    public async Task Edits_at_the_same_time_are_serialised_and_none_is_lost()
    {
        var (loader, holder) = Create();
        await loader.ImportAsync("""{ "groups": [ { "name": "kids" } ] }""", TestContext.Current.CancellationToken);
        var edits = Enumerable.Range(1, 8).Select(i => loader.EditAsync(
            document =>
            {
                document.Groups[0].Clients.Add($"192.168.1.{i}");
                return true;
            },
            TestContext.Current.CancellationToken));
        await Task.WhenAll(edits);
        Assert.Equal(8, holder.Current.Policy.Document.Groups[0].Clients.Count);
        Assert.Null(await loader.EditAsync(_ => false, TestContext.Current.CancellationToken));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static List<string?> Ids(RuleSnapshotHolder holder) => holder.Current.Policy.Document.Overrides.Select(o => o.Id).ToList();

    private (RuleSnapshotLoader Loader, RuleSnapshotHolder Holder) Create() => TestLoader.Create(_folder);

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
