using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.Stages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static HomeFilter.Resolver.Tests.Cache.CacheTestSupport;

namespace HomeFilter.Resolver.Tests.Cache;

public class CacheServiceCollectionExtensionsTests
{
    [Fact]
    public void Defaults_apply_without_configuration()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<CacheOptions>>().Value;

        Assert.Equal(64L * 1024 * 1024, options.MaxBytes);
        Assert.Equal(0, options.MinTtlSeconds);
        Assert.Equal(86400, options.MaxTtlSeconds);
        Assert.Equal(3600, options.MaxNegativeTtlSeconds);
        Assert.Equal(3600, options.StaleWindowSeconds);
        Assert.Equal(30, options.StaleAnswerTtlSeconds);
    }

    [Fact]
    public void Settings_bind_from_the_cache_section_and_singletons_are_shared()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["HomeFilter:Cache:MaxBytes"] = "1048576",
            ["HomeFilter:Cache:MinTtlSeconds"] = "5",
            ["HomeFilter:Cache:MaxTtlSeconds"] = "600",
            ["HomeFilter:Cache:MaxNegativeTtlSeconds"] = "120",
            ["HomeFilter:Cache:StaleWindowSeconds"] = "0",
            ["HomeFilter:Cache:StaleAnswerTtlSeconds"] = "10",
        });

        var cache = provider.GetRequiredService<DnsResponseCache>();

        Assert.Equal(1048576, cache.Options.MaxBytes);
        Assert.Equal(5, cache.Options.MinTtlSeconds);
        Assert.Equal(600, cache.Options.MaxTtlSeconds);
        Assert.Equal(120, cache.Options.MaxNegativeTtlSeconds);
        Assert.Equal(0, cache.Options.StaleWindowSeconds);
        Assert.Equal(10, cache.Options.StaleAnswerTtlSeconds);
        Assert.Same(cache, provider.GetRequiredService<DnsResponseCache>());
        Assert.Same(provider.GetRequiredService<CacheStage>(), provider.GetRequiredService<CacheStage>());
    }

    [Fact]
    public void Invalid_settings_name_the_problem()
    {
        using var provider = Build(new Dictionary<string, string?> { ["HomeFilter:Cache:MinTtlSeconds"] = "100", ["HomeFilter:Cache:MaxTtlSeconds"] = "10" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CacheOptions>>().Value);

        Assert.Contains("MinTtlSeconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registered_time_provider_is_used()
    {
        var time = new ManualTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddHomeFilterCache(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<DnsResponseCache>();
        var question = new CacheQuestion("www.example.com");
        cache.Add(question, Answer("www.example.com", 60));

        time.AdvanceSeconds(60);

        Assert.Null(cache.Get(question));
    }

    [Fact]
    public void Counters_and_gauges_are_published_on_the_resolver_meter()
    {
        var cache = Create(new ManualTimeProvider());
        var question = new CacheQuestion("metrics.example.com");
        cache.Add(question, Answer("metrics.example.com", 60));
        cache.Get(question);
        cache.Get(new CacheQuestion("absent.example.com"));
        var expected = cache.GetStatistics();
        var seen = new Dictionary<string, List<long>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ResolverMeter.Name && instrument.Name.StartsWith("homefilter.cache.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (seen)
            {
                (seen.TryGetValue(instrument.Name, out var values) ? values : seen[instrument.Name] = []).Add(value);
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();

        // One instrument per name, reporting the total over the caches alive (other tests' caches may add to it).
        Assert.True(Assert.Single(seen["homefilter.cache.hits"]) >= expected.Hits);
        Assert.True(Assert.Single(seen["homefilter.cache.misses"]) >= expected.Misses);
        Assert.True(Assert.Single(seen["homefilter.cache.entries"]) >= expected.Entries);
        Assert.True(Assert.Single(seen["homefilter.cache.bytes"]) >= expected.Bytes);
        Assert.True(seen.ContainsKey("homefilter.cache.stale_served"));
        Assert.True(seen.ContainsKey("homefilter.cache.evictions"));
        GC.KeepAlive(cache);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddHomeFilterCache(configuration).BuildServiceProvider();
    }
}
