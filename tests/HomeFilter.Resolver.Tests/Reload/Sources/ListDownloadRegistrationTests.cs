using HomeFilter.Resolver.Reload.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Tests.Reload.Sources;

public sealed class ListDownloadRegistrationTests
{
    [Fact]
    public void Binds_the_settings_and_builds_one_downloader_on_the_cache_folder()
    {
        var cache = Path.Combine(Path.GetTempPath(), "homefilter-list-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var provider = Build(cache, new()
            {
                ["HomeFilter:Lists:RefreshHours"] = "6",
                ["HomeFilter:Lists:TimeoutSeconds"] = "15",
                ["HomeFilter:Lists:MaxMegabytes"] = "32",
                ["HomeFilter:Lists:UserAgent"] = "HomeFilter/1.0",
            });

            var options = provider.GetRequiredService<IOptions<ListSourceOptions>>().Value;
            var downloader = provider.GetRequiredService<ListDownloader>();

            Assert.Equal(6, options.RefreshHours);
            Assert.Equal(15, options.TimeoutSeconds);
            Assert.Equal(32, options.MaxMegabytes);
            Assert.Equal("HomeFilter/1.0", options.UserAgent);
            Assert.Same(downloader, provider.GetRequiredService<ListDownloader>());
            Assert.Equal(Path.GetFullPath(cache), downloader.CacheDirectory);
            Assert.True(Directory.Exists(cache));
        }
        finally
        {
            if (Directory.Exists(cache))
                Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void Defaults_apply_without_a_section()
    {
        var options = new ListSourceOptions();

        Assert.Equal(24, options.RefreshHours);
        Assert.Equal(60, options.TimeoutSeconds);
        Assert.Equal(256, options.MaxMegabytes);
        Assert.Equal("HomeFilter", options.UserAgent);
        Assert.Null(options.Validate());
    }

    [Theory]
    [InlineData("RefreshHours", "0")]
    [InlineData("TimeoutSeconds", "-1")]
    [InlineData("MaxMegabytes", "0")]
    [InlineData("UserAgent", " ")]
    public void A_setting_out_of_range_is_named(string key, string value)
    {
        using var provider = Build(Path.GetTempPath(), new() { ["HomeFilter:Lists:" + key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ListSourceOptions>>().Value);

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(string cache, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHomeFilterListDownloads(configuration, cache);
        return services.BuildServiceProvider();
    }
}
