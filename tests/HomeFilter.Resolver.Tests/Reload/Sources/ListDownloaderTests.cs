using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeFilter.Resolver.Reload.Sources;
using Microsoft.AspNetCore.Http;

namespace HomeFilter.Resolver.Tests.Reload.Sources;

public sealed class ListDownloaderTests
{
    private static readonly byte[] GoodList = Encoding.UTF8.GetBytes("# ads\nads.example\ntracker.example\n");
    private static readonly byte[] NewerList = Encoding.UTF8.GetBytes("# ads\nads.example\nmore-ads.example\n");

    [Fact]
    public async Task Downloads_then_a_conditional_get_with_the_etag_gets_not_modified()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        server.Handler = ListTestServer.Serve(GoodList, etag: "\"v1\"");
        var url = server.Url("/ads.txt");

        var first = await harness.FetchAsync(url);
        var second = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.Downloaded, first.Status);
        Assert.Null(first.Error);
        Assert.False(first.Gzip);
        Assert.NotNull(first.LocalPath);
        Assert.Equal(GoodList, await File.ReadAllBytesAsync(first.LocalPath, TestContext.Current.CancellationToken));
        Assert.Equal(ListDownloadStatus.NotModified, second.Status);
        Assert.Equal(first.LocalPath, second.LocalPath);
        Assert.Equal(GoodList, await File.ReadAllBytesAsync(second.LocalPath!, TestContext.Current.CancellationToken));
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].IfNoneMatch);
        Assert.Equal("\"v1\"", requests[1].IfNoneMatch);
        Assert.Equal("HomeFilter", requests[0].UserAgent);
    }

    [Fact]
    public async Task A_changed_list_replaces_the_copy()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        var url = server.Url("/ads.txt");
        server.Handler = ListTestServer.Serve(GoodList, etag: "\"v1\"");
        await harness.FetchAsync(url);

        server.Handler = ListTestServer.Serve(NewerList, etag: "\"v2\"");
        var second = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.Downloaded, second.Status);
        Assert.Equal(NewerList, await File.ReadAllBytesAsync(second.LocalPath!, TestContext.Current.CancellationToken));
        Assert.Equal("\"v1\"", server.Requests[1].IfNoneMatch);
    }

    [Fact]
    public async Task Last_modified_is_sent_back_as_if_modified_since()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        var lastModified = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        server.Handler = async http =>
        {
            if (http.Request.Headers.IfModifiedSince.Count > 0)
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            http.Response.Headers.LastModified = lastModified.ToString("R");
            await http.Response.Body.WriteAsync(GoodList);
        };
        var url = server.Url("/ads.txt");

        await harness.FetchAsync(url);
        var second = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.NotModified, second.Status);
        Assert.Equal(lastModified.ToString("R"), server.Requests[1].IfModifiedSince);
        Assert.Null(server.Requests[1].IfNoneMatch);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(404)]
    [InlineData(403)]
    public async Task An_http_error_keeps_the_last_good_copy(int status)
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        var url = server.Url("/ads.txt");
        server.Handler = ListTestServer.Serve(GoodList, etag: "\"v1\"");
        var first = await harness.FetchAsync(url);

        server.Handler = ListTestServer.Status(status);
        var failed = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.FailedUsingCached, failed.Status);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), failed.Error, StringComparison.Ordinal);
        Assert.Equal(first.LocalPath, failed.LocalPath);
        Assert.Equal(first.LastSuccessUtc, failed.LastSuccessUtc);
        Assert.Equal(GoodList, await File.ReadAllBytesAsync(failed.LocalPath!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_http_error_without_a_copy_fails_with_no_path()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        server.Handler = ListTestServer.Status(500);

        var failed = await harness.FetchAsync(server.Url("/ads.txt"));

        Assert.Equal(ListDownloadStatus.Failed, failed.Status);
        Assert.Null(failed.LocalPath);
        Assert.Null(failed.LastSuccessUtc);
        Assert.False(failed.HasCopy);
        Assert.Contains("500", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_went_away_keeps_the_last_good_copy()
    {
        var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        var url = server.Url("/ads.txt");
        server.Handler = ListTestServer.Serve(GoodList);
        await harness.FetchAsync(url);
        await server.DisposeAsync();

        var failed = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.FailedUsingCached, failed.Status);
        Assert.False(string.IsNullOrEmpty(failed.Error));
        Assert.Equal(GoodList, await File.ReadAllBytesAsync(failed.LocalPath!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_closed_port_without_a_copy_fails()
    {
        using var harness = new DownloaderHarness();

        var failed = await harness.FetchAsync($"http://127.0.0.1:{ClosedPort()}/ads.txt");

        Assert.Equal(ListDownloadStatus.Failed, failed.Status);
        Assert.Null(failed.LocalPath);
        Assert.False(string.IsNullOrEmpty(failed.Error));
    }

    public static TheoryData<string, string, byte[]> BadBodies => new()
    {
        { "html doctype", "/ads.txt", Encoding.UTF8.GetBytes("<!DOCTYPE html>\n<html><body>Sign in</body></html>") },
        { "html after BOM and blanks", "/ads.txt", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("\r\n  \n<HTML><head></head></HTML>")] },
        { "empty", "/ads.txt", [] },
        { "blank lines only", "/ads.txt", Encoding.UTF8.GetBytes("\n\n   \r\n\t\n") },
        { "corrupt gzip", "/ads.txt.gz", [0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x03, 0xFF, 0xFF, 0xFF, 0x01, 0x02, 0x03] },
        { "truncated gzip", "/ads.txt.gz", Gzip(GoodList)[..^6] },
        { "gzip of an html page", "/ads.txt.gz", Gzip(Encoding.UTF8.GetBytes("<!doctype html><p>Not found</p>")) },
        { "gzip of nothing", "/ads.txt.gz", Gzip([]) },
        { "gzip of blank lines", "/ads.txt.gz", Gzip(Encoding.UTF8.GetBytes("\n\n  \n")) },
        { "second gzip member truncated", "/ads.txt.gz", [.. Gzip(GoodList), .. Gzip(NewerList)[..^3]] },
        { "binary declared gzip", "/ads.txt.gz", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x01, 0x02, 0x03] },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_refused_and_keeps_the_last_good_copy(string because, string path, byte[] body)
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        var url = server.Url(path);
        var good = path.EndsWith(".gz", StringComparison.Ordinal) ? Gzip(GoodList) : GoodList;
        server.Handler = ListTestServer.Serve(good);
        var first = await harness.FetchAsync(url);
        Assert.Equal(ListDownloadStatus.Downloaded, first.Status);

        server.Handler = ListTestServer.Serve(body);
        var refused = await harness.FetchAsync(url);

        // A body that arrived whole but is not a list is held back by a guard; a broken transfer is a failure.
        var suspect = because.Contains("html", StringComparison.Ordinal) || because.Contains("empty", StringComparison.Ordinal)
            || because.Contains("nothing", StringComparison.Ordinal) || because.Contains("blank", StringComparison.Ordinal);
        Assert.True(refused.Status == (suspect ? ListDownloadStatus.HeldBack : ListDownloadStatus.FailedUsingCached), because);
        Assert.False(string.IsNullOrEmpty(refused.Error), because);
        Assert.Equal(good, await File.ReadAllBytesAsync(refused.LocalPath!, TestContext.Current.CancellationToken));
        Assert.Equal(first.Gzip, refused.Gzip);
        Assert.Empty(harness.TempFiles());
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_without_a_copy_fails(string because, string path, byte[] body)
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        server.Handler = ListTestServer.Serve(body);

        var refused = await harness.FetchAsync(server.Url(path));

        Assert.True(refused.Status == ListDownloadStatus.Failed, because);
        Assert.Null(refused.LocalPath);
        Assert.Empty(Directory.GetFiles(harness.CacheDirectory));
    }

    [Fact]
    public async Task An_html_page_is_refused_with_a_reason_that_says_so()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        server.Handler = ListTestServer.Serve(Encoding.UTF8.GetBytes("<!doctype html><title>Portal</title>"), contentType: "text/html");

        var refused = await harness.FetchAsync(server.Url("/ads.txt"));

        Assert.Equal(ListDownloadStatus.Failed, refused.Status);
        Assert.Contains("HTML", refused.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_list_over_the_size_limit_is_refused_and_its_temp_file_removed(bool chunked)
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness(new ListSourceOptions { MaxMegabytes = 1, TimeoutSeconds = 30 });
        var url = server.Url("/ads.txt");
        server.Handler = ListTestServer.Serve(GoodList);
        await harness.FetchAsync(url);

        server.Handler = ListTestServer.Serve(BigList(2 * 1024 * 1024), chunked: chunked);
        var refused = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.FailedUsingCached, refused.Status);
        Assert.Contains("MaxMegabytes", refused.Error, StringComparison.Ordinal);
        Assert.Equal(GoodList, await File.ReadAllBytesAsync(refused.LocalPath!, TestContext.Current.CancellationToken));
        Assert.Empty(harness.TempFiles());
    }

    [Fact]
    public async Task A_list_just_under_the_size_limit_is_kept()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness(new ListSourceOptions { MaxMegabytes = 1, TimeoutSeconds = 30 });
        var body = BigList(1024 * 1024);
        server.Handler = ListTestServer.Serve(body, chunked: true);

        var download = await harness.FetchAsync(server.Url("/ads.txt"));

        Assert.Equal(ListDownloadStatus.Downloaded, download.Status);
        Assert.Equal(body.Length, new FileInfo(download.LocalPath!).Length);
    }

    [Fact]
    public async Task A_gzip_bomb_over_the_limit_once_decompressed_is_refused()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness(new ListSourceOptions { MaxMegabytes = 1, TimeoutSeconds = 30 });
        var compressed = Gzip(BigList(3 * 1024 * 1024));
        Assert.True(compressed.Length < 1024 * 1024);
        server.Handler = ListTestServer.Serve(compressed);

        var refused = await harness.FetchAsync(server.Url("/ads.txt.gz"));

        Assert.Equal(ListDownloadStatus.Failed, refused.Status);
        Assert.Contains("decompresses", refused.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ads.txt.gz", "application/octet-stream")]
    [InlineData("/ads.txt", "application/gzip")]
    [InlineData("/ads.txt", "application/x-gzip")]
    [InlineData("/ads", "application/octet-stream")]
    public async Task A_gzip_list_is_stored_compressed_and_marked(string path, string contentType)
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        var compressed = Gzip(GoodList);
        server.Handler = ListTestServer.Serve(compressed, etag: "\"gz1\"", contentType: contentType);
        var url = server.Url(path);

        var download = await harness.FetchAsync(url);
        var again = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.Downloaded, download.Status);
        Assert.True(download.Gzip);
        Assert.Equal(compressed, await File.ReadAllBytesAsync(download.LocalPath!, TestContext.Current.CancellationToken));
        Assert.Equal(GoodList, Gunzip(download.LocalPath!));
        Assert.Equal(ListDownloadStatus.NotModified, again.Status);
        Assert.True(again.Gzip);
        Assert.True(harness.Downloader.TryGetCached(url)!.Gzip);
    }

    [Fact]
    public async Task A_gzip_list_of_several_members_is_accepted()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        byte[] twoMembers = [.. Gzip(GoodList), .. Gzip(NewerList)];
        server.Handler = ListTestServer.Serve(twoMembers);

        var download = await harness.FetchAsync(server.Url("/ads.txt.gz"));

        Assert.Equal(ListDownloadStatus.Downloaded, download.Status);
        Assert.True(download.Gzip);
        Assert.Equal([.. GoodList, .. NewerList], Gunzip(download.LocalPath!));
    }

    [Fact]
    public async Task A_gzip_content_encoding_is_undone_in_transit_and_the_list_stored_plain()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        server.Handler = ListTestServer.Serve(Gzip(GoodList), contentEncoding: "gzip");

        var download = await harness.FetchAsync(server.Url("/ads.txt.gz"));

        Assert.Equal(ListDownloadStatus.Downloaded, download.Status);
        Assert.False(download.Gzip);
        Assert.Equal(GoodList, await File.ReadAllBytesAsync(download.LocalPath!, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stalled_server_times_out_and_keeps_the_last_good_copy(bool stallMidBody)
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness(new ListSourceOptions { TimeoutSeconds = 1 });
        var url = server.Url("/ads.txt");
        server.Handler = ListTestServer.Serve(GoodList);
        await harness.FetchAsync(url);

        server.Handler = async http =>
        {
            try
            {
                if (stallMidBody)
                {
                    http.Response.ContentLength = 1000;
                    await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("ads.example\n"), http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }

                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client gave up, as it should.
            }
        };
        var timedOut = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.FailedUsingCached, timedOut.Status);
        Assert.Contains("Timed out", timedOut.Error, StringComparison.Ordinal);
        Assert.Equal(GoodList, await File.ReadAllBytesAsync(timedOut.LocalPath!, TestContext.Current.CancellationToken));
        Assert.Empty(harness.TempFiles());
    }

    [Fact]
    public async Task Cancellation_by_the_caller_throws()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness(new ListSourceOptions { TimeoutSeconds = 30 });
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Handler = async http =>
        {
            arrived.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client went away.
            }
        };
        using var cancel = new CancellationTokenSource();

        var fetch = harness.Downloader.FetchAsync(server.Url("/ads.txt"), cancel.Token);
        await arrived.Task.WaitAsync(TestContext.Current.CancellationToken);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
    }

    [Fact]
    public async Task Fetch_if_due_uses_a_fresh_copy_without_asking_and_asks_again_after_the_refresh_period()
    {
        await using var server = await ListTestServer.StartAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        using var harness = new DownloaderHarness(new ListSourceOptions { RefreshHours = 24, TimeoutSeconds = 10 }, clock);
        server.Handler = ListTestServer.Serve(GoodList, etag: "\"v1\"");
        var url = server.Url("/ads.txt");
        var ct = TestContext.Current.CancellationToken;

        var first = await harness.Downloader.FetchIfDueAsync(url, ct);
        clock.Advance(TimeSpan.FromHours(23));
        var fresh = await harness.Downloader.FetchIfDueAsync(url, ct);
        var requestsWhileFresh = server.Requests.Count;
        clock.Advance(TimeSpan.FromHours(2));
        var due = await harness.Downloader.FetchIfDueAsync(url, ct);

        Assert.Equal(ListDownloadStatus.Downloaded, first.Status);
        Assert.Equal(ListDownloadStatus.Cached, fresh.Status);
        Assert.Equal(first.LastSuccessUtc, fresh.LastSuccessUtc);
        Assert.Equal(1, requestsWhileFresh);
        Assert.Equal(ListDownloadStatus.NotModified, due.Status);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, due.LastSuccessUtc);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_new_downloader_on_the_same_folder_starts_from_the_copy_and_its_validators()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        server.Handler = ListTestServer.Serve(GoodList, etag: "\"v1\"");
        var url = server.Url("/ads.txt");
        await harness.FetchAsync(url);

        using var client = new ListHttpClient(Microsoft.Extensions.Options.Options.Create(new ListSourceOptions()));
        var restarted = new ListDownloader(client.Client, harness.CacheDirectory, Microsoft.Extensions.Options.Options.Create(new ListSourceOptions()), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ListDownloader>.Instance);
        var cached = restarted.TryGetCached(url);
        var confirmed = await restarted.FetchAsync(url, TestContext.Current.CancellationToken);

        Assert.NotNull(cached);
        Assert.Equal(ListDownloadStatus.Cached, cached.Status);
        Assert.Equal(ListDownloadStatus.NotModified, confirmed.Status);
        Assert.Equal("\"v1\"", server.Requests[1].IfNoneMatch);
    }

    [Fact]
    public async Task A_copy_that_does_not_match_its_metadata_is_kept_but_fetched_unconditionally()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        server.Handler = ListTestServer.Serve(GoodList, etag: "\"v1\"");
        var url = server.Url("/ads.txt");
        var first = await harness.FetchAsync(url);
        await File.AppendAllTextAsync(first.LocalPath!, "extra.example\n", TestContext.Current.CancellationToken);

        server.Handler = ListTestServer.Status(500);
        var failed = await harness.FetchAsync(url);
        server.Handler = ListTestServer.Serve(GoodList, etag: "\"v1\"");
        var refreshed = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.FailedUsingCached, failed.Status);
        Assert.Equal(ListDownloadStatus.Downloaded, refreshed.Status);
        Assert.Null(server.Requests[2].IfNoneMatch);
        Assert.Equal(GoodList, await File.ReadAllBytesAsync(refreshed.LocalPath!, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Different_urls_get_different_copies_and_metadata_beside_them()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        server.Handler = http => ListTestServer.Serve(http.Request.Path == "/a.txt" ? GoodList : NewerList)(http);

        var a = await harness.FetchAsync(server.Url("/a.txt"));
        var b = await harness.FetchAsync(server.Url("/b.txt"));

        Assert.NotEqual(a.LocalPath, b.LocalPath);
        Assert.Equal(GoodList, await File.ReadAllBytesAsync(a.LocalPath!, TestContext.Current.CancellationToken));
        Assert.Equal(NewerList, await File.ReadAllBytesAsync(b.LocalPath!, TestContext.Current.CancellationToken));
        foreach (var local in new[] { a.LocalPath!, b.LocalPath! })
        {
            Assert.Matches("^[0-9a-f]{16}\\.list$", Path.GetFileName(local));
            var metadata = await File.ReadAllTextAsync(Path.ChangeExtension(local, ".json"), TestContext.Current.CancellationToken);
            Assert.Contains("\"sha256\"", metadata, StringComparison.Ordinal);
            Assert.Contains("\"lastSuccessUtc\"", metadata, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Concurrent_fetches_of_one_url_all_end_with_the_copy()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        server.Handler = ListTestServer.Serve(GoodList);
        var url = server.Url("/ads.txt");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => harness.FetchAsync(url)));

        Assert.All(results, r => Assert.Equal(ListDownloadStatus.Downloaded, r.Status));
        Assert.Equal(GoodList, await File.ReadAllBytesAsync(results[0].LocalPath!, TestContext.Current.CancellationToken));
        Assert.Empty(harness.TempFiles());
    }

    [Theory]
    [InlineData("blocklists/adult.txt")]
    [InlineData("file:///etc/hosts")]
    public async Task A_source_that_is_not_a_url_is_a_caller_error(string source)
    {
        using var harness = new DownloaderHarness();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.FetchAsync(source));
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static byte[] BigList(int bytes)
    {
        var line = "blocked-name-0000000.example\n"u8;
        var body = new byte[bytes];
        for (var i = 0; i < bytes; i++)
            body[i] = line[i % line.Length];
        return body;
    }

    private static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(plain);
        return output.ToArray();
    }

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
