using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>
/// Downloads category lists named by URL into a cache directory and keeps the last good copy of each: a download only
/// replaces it after the whole body arrived within the time and size limits and passed <see cref="ListContentCheck"/>.
/// Any network, HTTP or content problem is reported in the returned <see cref="ListDownload"/>, never thrown, so one
/// broken list host cannot stop the rules from loading; only cancellation by the caller throws.
/// </summary>
public sealed class ListDownloader
{
    private readonly HttpClient _http;
    private readonly string _cacheDirectory;
    private readonly ListSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ListDownloader> _logger;

    // One fetch per URL at a time: two reloads racing on the same list must not interleave their renames.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public ListDownloader(HttpClient http, string cacheDirectory, IOptions<ListSourceOptions> options, TimeProvider time, ILogger<ListDownloader> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _http = http;
        _cacheDirectory = Path.GetFullPath(cacheDirectory);
        _options = options.Value;
        _time = time;
        _logger = logger;
        if (_options.Validate() is { } problem)
            throw new ArgumentException(problem, nameof(options));

        Directory.CreateDirectory(_cacheDirectory);
        RemoveStaleTempFiles();
    }

    /// <summary>The folder holding the cached copies.</summary>
    public string CacheDirectory => _cacheDirectory;

    /// <summary>
    /// The cached copy of <paramref name="url"/> without asking the server (status <see cref="ListDownloadStatus.Cached"/>),
    /// or null when there is none. For a fast start from the copies of the last run.
    /// </summary>
    public ListDownload? TryGetCached(string url)
    {
        ThrowIfNotUrl(url);
        var files = ListCacheFiles.For(_cacheDirectory, url);
        var cached = files.TryRead(url);
        return cached is null ? null : new ListDownload(url, files.ListPath, ListDownloadStatus.Cached, null, cached.LastSuccessUtc, cached.Gzip);
    }

    /// <summary>
    /// The cached copy when the server gave or confirmed it less than <see cref="ListSourceOptions.RefreshHours"/> ago,
    /// otherwise <see cref="FetchAsync"/>. Keeps list hosts from being asked on every reload.
    /// </summary>
    public async Task<ListDownload> FetchIfDueAsync(string url, CancellationToken ct)
    {
        var cached = TryGetCached(url);
        if (cached?.LastSuccessUtc is { } last && _time.GetUtcNow().UtcDateTime - last < TimeSpan.FromHours(_options.RefreshHours))
            return cached;
        return await FetchAsync(url, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the server for <paramref name="url"/> (conditionally when there is a cached copy) and returns the local copy to
    /// load: a new one, the confirmed cached one, or on failure the last good one.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an http or https URL.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task<ListDownload> FetchAsync(string url, CancellationToken ct)
    {
        ThrowIfNotUrl(url);
        var files = ListCacheFiles.For(_cacheDirectory, url);
        var gate = _gates.GetOrAdd(files.Key, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await FetchLockedAsync(url, files, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ListDownload> FetchLockedAsync(string url, ListCacheFiles files, CancellationToken ct)
    {
        var cached = files.TryRead(url);
        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        string? tempPath = null;
        ListMetrics.Fetches.Add(1);
        try
        {
            using var request = BuildRequest(url, cached);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);

            if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
                return Confirmed(url, files, cached);
            if (!response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NoContent)
                return Fail(url, files, cached, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());

            var maxBytes = _options.MaxBytes;
            if (response.Content.Headers.ContentLength > maxBytes)
                return Fail(url, files, cached, $"The list is {response.Content.Headers.ContentLength} bytes, more than the {_options.MaxMegabytes} MiB allowed (HomeFilter:Lists:MaxMegabytes).");

            tempPath = files.NewTempPath("list");
            var body = await StreamToFileAsync(response.Content, tempPath, maxBytes, linked.Token).ConfigureAwait(false);
            if (body is null)
                return Fail(url, files, cached, $"The list is more than the {_options.MaxMegabytes} MiB allowed (HomeFilter:Lists:MaxMegabytes).");

            // An archive is checked as a whole (complete gzip, within the size limit), then its domains list is taken out.
            var archive = TarListExtractor.IsArchiveUrl(url);
            var check = ListContentCheck.Check(tempPath, !archive && DeclaresGzip(url, response.Content.Headers), maxBytes, linked.Token);
            if (check.Error is not null)
                return check.Suspect ? HoldBack(url, files, cached, check.Error) : Fail(url, files, cached, check.Error);

            if (archive)
            {
                var extracted = files.NewTempPath("domains");
                var extractError = TarListExtractor.Extract(tempPath, extracted, maxBytes, linked.Token);
                ListCacheFiles.TryDelete(tempPath);
                tempPath = extracted;
                if (extractError is not null)
                    return Fail(url, files, cached, extractError);

                check = ListContentCheck.Check(tempPath, declaredGzip: false, maxBytes, linked.Token);
                if (check.Error is not null)
                    return check.Suspect ? HoldBack(url, files, cached, "The archive's domains list: " + check.Error) : Fail(url, files, cached, check.Error);
            }

            var entries = ListEntryCounter.Count(tempPath, check.Gzip, linked.Token);
            if (ShrinkReason(files, cached, entries, linked.Token) is { } shrunk)
                return HoldBack(url, files, cached, shrunk);

            File.Move(tempPath, files.ListPath, overwrite: true);
            tempPath = null;

            var now = _time.GetUtcNow().UtcDateTime;
            var stored = new FileInfo(files.ListPath).Length;
            var entry = new ListCacheEntry(url, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified, now, now, stored, body.Value.Sha256, check.Gzip, entries);
            WriteMetadata(files, entry);
            ListDownloaderLog.Downloaded(_logger, url, entry.Bytes, (long)_time.GetElapsedTime(started).TotalMilliseconds);
            return new ListDownload(url, files.ListPath, ListDownloadStatus.Downloaded, null, now, check.Gzip);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is HttpRequestException or IOException)
        {
            // A stream cut by the caller's cancellation can surface as an I/O error; it is still a cancellation.
            throw new OperationCanceledException("The list download was cancelled.", ex, ct);
        }
        catch (OperationCanceledException)
        {
            return Fail(url, files, cached, $"Timed out after {_options.TimeoutSeconds} s (HomeFilter:Lists:TimeoutSeconds).");
        }
        catch (HttpRequestException ex)
        {
            return Fail(url, files, cached, Describe(ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(url, files, cached, ex.Message);
        }
        finally
        {
            if (tempPath is not null)
                ListCacheFiles.TryDelete(tempPath);
        }
    }

    private HttpRequestMessage BuildRequest(string url, ListCacheEntry? cached)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        if (cached is not null)
        {
            if (cached.ETag is { Length: > 0 } etag)
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            if (cached.LastModified is { } lastModified)
                request.Headers.IfModifiedSince = lastModified;
        }

        return request;
    }

    /// <summary>Copies the body to <paramref name="path"/> in chunks, hashing as it goes; null once it passes the limit.</summary>
    private static async Task<(long Bytes, string Sha256)?> StreamToFileAsync(HttpContent content, string path, long maxBytes, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var source = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
                try
                {
                    long total = 0;
                    int read;
                    while ((read = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        total += read;
                        if (total > maxBytes)
                            return null;
                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    }

                    return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    /// <summary>gzip is declared by a <c>.gz</c> URL path, a gzip content type, or a content encoding the handler left in place.</summary>
    private static bool DeclaresGzip(string url, HttpContentHeaders headers)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            return true;
        if (headers.ContentType?.MediaType is { } media && media.Contains("gzip", StringComparison.OrdinalIgnoreCase))
            return true;
        foreach (var encoding in headers.ContentEncoding)
        {
            if (encoding.Contains("gzip", StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    private ListDownload Confirmed(string url, ListCacheFiles files, ListCacheEntry cached)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        WriteMetadata(files, cached with { LastSuccessUtc = now });
        ListDownloaderLog.NotModified(_logger, url, cached.LastSuccessUtc);
        return new ListDownload(url, files.ListPath, ListDownloadStatus.NotModified, null, now, cached.Gzip);
    }

    /// <summary>
    /// Why a new copy of <paramref name="entries"/> entries must not replace the last good one, or null. A list that
    /// parses to nothing, or to less than half of the last good copy, is far more often a host's mistake (a half-written
    /// file, a placeholder) than a real change, and applying it would quietly stop blocking most of a category.
    /// </summary>
    private static string? ShrinkReason(ListCacheFiles files, ListCacheEntry? cached, int entries, CancellationToken ct)
    {
        if (entries == 0)
            return "The new copy parses to no entries.";
        if (cached is null)
            return null;

        var previous = cached.Entries ?? ListEntryCounter.Count(files.ListPath, cached.Gzip, ct);
        return (long)entries * 2 < previous
            ? $"The new copy has {entries} entries, less than half of the {previous} of the last good copy (held back as a probable mistake of the list's host)."
            : null;
    }

    /// <summary>A copy held back by a guard: like a failure, the last good copy stays, but the status says a guard decided.</summary>
    private ListDownload HoldBack(string url, ListCacheFiles files, ListCacheEntry? cached, string reason)
    {
        if (cached is null)
            return Fail(url, files, cached, reason);

        ListMetrics.HeldBack.Add(1);
        ListDownloaderLog.HeldBack(_logger, url, reason, cached.LastSuccessUtc);
        return new ListDownload(url, files.ListPath, ListDownloadStatus.HeldBack, reason, cached.LastSuccessUtc, cached.Gzip);
    }

    private ListDownload Fail(string url, ListCacheFiles files, ListCacheEntry? cached, string error)
    {
        ListMetrics.Failures.Add(1);
        if (cached is null)
        {
            ListDownloaderLog.FailedNoCopy(_logger, url, error);
            return new ListDownload(url, null, ListDownloadStatus.Failed, error, null);
        }

        ListDownloaderLog.FailedUsingCached(_logger, url, error, cached.LastSuccessUtc);
        return new ListDownload(url, files.ListPath, ListDownloadStatus.FailedUsingCached, error, cached.LastSuccessUtc, cached.Gzip);
    }

    /// <summary>
    /// Metadata that cannot be written costs only the validators of the next fetch (<see cref="ListCacheFiles.TryRead"/>
    /// copes with a missing or stale file), so it must not turn a good download into a failure.
    /// </summary>
    private static void WriteMetadata(ListCacheFiles files, ListCacheEntry entry)
    {
        try
        {
            files.Write(entry);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ListCacheFiles.TryDelete(files.MetadataPath);
        }
    }

    private static string Describe(HttpRequestException ex) =>
        ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError}: {ex.Message}";

    /// <summary>Temp files of a download cut short by a crash or a stop; a day old means no fetch still owns them.</summary>
    private void RemoveStaleTempFiles()
    {
        var cutoff = _time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(1);
        try
        {
            foreach (var path in Directory.EnumerateFiles(_cacheDirectory, "*.tmp"))
            {
                if (File.GetLastWriteTimeUtc(path) < cutoff)
                    ListCacheFiles.TryDelete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only housekeeping.
        }
    }

    private static void ThrowIfNotUrl(string url)
    {
        if (ListSource.Classify(url, out var error) != ListSourceKind.Url)
            throw new ArgumentException(error ?? $"'{url}' is a path, not an http or https URL.", nameof(url));
    }
}
