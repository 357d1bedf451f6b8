using HomeFilter.Resolver.Reload.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Tests.Reload.Sources;

/// <summary>A <see cref="ListDownloader"/> with its own cache folder and the production HTTP client, for one test.</summary>
internal sealed class DownloaderHarness : IDisposable
{
    private readonly ListHttpClient _client;

    public DownloaderHarness(ListSourceOptions? options = null, TimeProvider? time = null)
    {
        CacheDirectory = Path.Combine(Path.GetTempPath(), "homefilter-list-tests-" + Guid.NewGuid().ToString("N"));
        var wrapped = Options.Create(options ?? new ListSourceOptions { TimeoutSeconds = 10 });
        _client = new ListHttpClient(wrapped);
        Downloader = new ListDownloader(_client.Client, CacheDirectory, wrapped, time ?? TimeProvider.System, NullLogger<ListDownloader>.Instance);
    }

    public string CacheDirectory { get; }

    public ListDownloader Downloader { get; }

    public Task<ListDownload> FetchAsync(string url) => Downloader.FetchAsync(url, TestContext.Current.CancellationToken);

    /// <summary>Files left in the cache folder with the temp suffix.</summary>
    public string[] TempFiles() => Directory.GetFiles(CacheDirectory, "*.tmp");

    public void Dispose()
    {
        _client.Dispose();
        try
        {
            Directory.Delete(CacheDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }
}

/// <summary>A clock that tests move by hand; timers still run on the system clock.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
