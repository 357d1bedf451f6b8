using HomeFilter.Storage.Alerts;

namespace HomeFilter.Storage.Contracts.Alerts;

/// <summary>What every alert store must do; <see cref="OpenStoreAsync"/> opens a store on this test's storage (the same storage each call).</summary>
public abstract class AlertStoreContract : IAsyncLifetime
{
    protected static readonly DateTime Evening = new(2026, 11, 28, 21, 0, 0, DateTimeKind.Utc);
    private IAlertStore _store = null!;

    protected abstract ValueTask<IAlertStore> OpenStoreAsync();

    protected IAlertStore Store => _store;

    public virtual async ValueTask InitializeAsync()
    {
        _store = await OpenInitializedAsync();
    }

    private async ValueTask<IAlertStore> OpenInitializedAsync()
    {
        var store = await OpenStoreAsync();
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    [Fact]
    public async Task An_alert_is_stored_once_per_dedupe_key()
    {
        var first = await _store.TryAddAsync(Alert(AlertKind.NightActivity, "192.168.1.20", Evening, "night:192.168.1.20:2026-11-28"), CancellationToken.None);
        var again = await _store.TryAddAsync(Alert(AlertKind.NightActivity, "192.168.1.20", Evening.AddMinutes(5), "night:192.168.1.20:2026-11-28"), CancellationToken.None);
        Assert.NotNull(first);
        Assert.True(first.Id > 0);
        Assert.Null(again);
        var stored = Assert.Single(await _store.ListAsync(new AlertFilter(), CancellationToken.None));
        Assert.Equal(first.Id, stored.Id);
        Assert.Equal(Evening, stored.TimeUtc);
        Assert.Equal(DateTimeKind.Utc, stored.TimeUtc.Kind);
        Assert.Equal("kids", stored.Group);
        Assert.Equal("example.com", stored.Name);
        Assert.Null(stored.AcknowledgedUtc);
        Assert.False(stored.Delivered);
    }

    public static TheoryData<AlertFilter, string[]> Filters() => new()
    {
        { new AlertFilter(), ["d", "c", "b", "a"] },
        { new AlertFilter { Client = "192.168.1.20" }, ["c", "a"] },
        { new AlertFilter { Group = "adults" }, ["d"] },
        { new AlertFilter { Kind = AlertKind.BypassAttempt }, ["c", "b"] },
        { new AlertFilter { From = Evening.AddHours(1), To = Evening.AddHours(3) }, ["c", "b"] },
        { new AlertFilter { Limit = 1 }, ["d"] },
        { new AlertFilter { Client = "192.168.1.20", Kind = AlertKind.BypassAttempt }, ["c"] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Alerts_are_listed_newest_first_by_filter(AlertFilter filter, string[] expected)
    {
        await AddFourAsync();
        var listed = await _store.ListAsync(filter, CancellationToken.None);
        Assert.Equal(expected, listed.Select(a => a.Message).ToArray());
    }

    [Fact]
    public async Task The_device_the_client_was_recognised_as_is_kept()
    {
        await _store.TryAddAsync(Alert(AlertKind.NightActivity, "192.168.1.20", Evening, "night:a") with { Device = "Emma's phone" }, CancellationToken.None);
        await _store.TryAddAsync(Alert(AlertKind.NightActivity, "192.168.1.21", Evening, "night:b"), CancellationToken.None);
        var stored = await _store.ListAsync(new AlertFilter(), CancellationToken.None);
        Assert.Equal(["Emma's phone", null], stored.OrderBy(a => a.Client).Select(a => a.Device));
        Assert.Equal(["Emma's phone"], (await _store.UndeliveredAsync(CancellationToken.None)).Where(a => a.Device is not null).Select(a => a.Device));
    }

    [Fact]
    public async Task Acknowledging_keeps_the_first_time_and_person_and_filters_by_it()
    {
        await AddFourAsync();
        var b = (await _store.ListAsync(new AlertFilter(), CancellationToken.None)).Single(a => a.Message == "b");
        Assert.True(await _store.AcknowledgeAsync(b.Id, "mum", Evening.AddDays(1), CancellationToken.None));
        Assert.True(await _store.AcknowledgeAsync(b.Id, "dad", Evening.AddDays(2), CancellationToken.None));
        Assert.False(await _store.AcknowledgeAsync(9999, "mum", Evening, CancellationToken.None));

        var acknowledged = Assert.Single(await _store.ListAsync(new AlertFilter { Acknowledged = true }, CancellationToken.None));
        Assert.Equal("b", acknowledged.Message);
        Assert.Equal("mum", acknowledged.AcknowledgedBy);
        Assert.Equal(Evening.AddDays(1), acknowledged.AcknowledgedUtc);
        Assert.Equal(["d", "c", "a"], (await _store.ListAsync(new AlertFilter { Acknowledged = false }, CancellationToken.None)).Select(a => a.Message));
    }

    [Fact]
    public async Task Undelivered_alerts_outlive_the_store_until_marked_delivered()
    {
        await AddFourAsync();
        var a = (await _store.ListAsync(new AlertFilter(), CancellationToken.None)).Single(x => x.Message == "a");
        await _store.MarkDeliveredAsync(a.Id, CancellationToken.None);
        await _store.DisposeAsync();

        _store = await OpenInitializedAsync();
        var pending = await _store.UndeliveredAsync(CancellationToken.None);
        Assert.Equal(["b", "c", "d"], pending.Select(x => x.Message));
        Assert.True((await _store.ListAsync(new AlertFilter { Kind = AlertKind.NightActivity }, CancellationToken.None)).Single().Delivered);
    }

    [Fact]
    public async Task Concurrent_adds_of_one_situation_store_it_once()
    {
        var tasks = Enumerable.Range(0, 16).Select(i => _store.TryAddAsync(Alert(AlertKind.SilentDevice, "192.168.1.40", Evening.AddSeconds(i), "silent:192.168.1.40"), CancellationToken.None));
        var results = await Task.WhenAll(tasks);
        Assert.Single(results, r => r is not null);
        Assert.Single(await _store.ListAsync(new AlertFilter(), CancellationToken.None));
    }

    [Fact]
    public async Task Initialising_twice_is_harmless()
    {
        await AddFourAsync();
        await _store.InitializeAsync(CancellationToken.None);
        Assert.Equal(4, (await _store.ListAsync(new AlertFilter(), CancellationToken.None)).Count);
    }

    protected async Task AddFourAsync()
    {
        await _store.TryAddAsync(Alert(AlertKind.NightActivity, "192.168.1.20", Evening, "k-a") with { Message = "a" }, CancellationToken.None);
        await _store.TryAddAsync(Alert(AlertKind.BypassAttempt, "192.168.1.21", Evening.AddHours(1), "k-b") with { Message = "b" }, CancellationToken.None);
        await _store.TryAddAsync(Alert(AlertKind.BypassAttempt, "192.168.1.20", Evening.AddHours(2), "k-c") with { Message = "c" }, CancellationToken.None);
        await _store.TryAddAsync(Alert(AlertKind.SensitiveCategory, "192.168.1.30", Evening.AddHours(3), "k-d") with { Message = "d", Group = "adults" }, CancellationToken.None);
    }

    protected static Alert Alert(AlertKind kind, string client, DateTime time, string key) => new()
    {
        Kind = kind,
        TimeUtc = time,
        Client = client,
        Group = "kids",
        Name = "example.com",
        Message = "an alert",
        DedupeKey = key,
    };

    public virtual async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await DisposeStorageAsync();
    }

    protected virtual ValueTask DisposeStorageAsync() => ValueTask.CompletedTask;
}
