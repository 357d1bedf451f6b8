using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using HomeFilter.Resolver.Reload.Sources;

namespace HomeFilter.Resolver.Tests.Reload.Sources;

/// <summary>The guards a downloaded copy passes before it replaces the last good one, and tar.gz archives.</summary>
public sealed class ListGuardTests
{
    private static readonly byte[] HundredNames = Names(100);

    public static TheoryData<string, byte[], ListDownloadStatus, string?> NewCopies => new()
    {
        { "shrunk to 10 %", Names(10), ListDownloadStatus.HeldBack, "less than half" },
        { "shrunk to 49 %", Names(49), ListDownloadStatus.HeldBack, "less than half" },
        { "shrunk to 60 %", Names(60), ListDownloadStatus.Downloaded, null },
        { "grew", Names(150), ListDownloadStatus.Downloaded, null },
        { "only comments", Encoding.UTF8.GetBytes("# nothing here any more\n! really\n"), ListDownloadStatus.HeldBack, "no entries" },
        { "an html error page served with 200", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"), ListDownloadStatus.HeldBack, "HTML" },
    };

    [Theory]
    [MemberData(nameof(NewCopies))]
    public async Task A_new_copy_replaces_the_last_good_one_unless_a_guard_holds_it_back(string because, byte[] body, ListDownloadStatus expected, string? reason)
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        var url = server.Url("/adult.txt");
        server.Handler = ListTestServer.Serve(HundredNames, etag: "\"v1\"");
        Assert.Equal(ListDownloadStatus.Downloaded, (await harness.FetchAsync(url)).Status);

        server.Handler = ListTestServer.Serve(body, etag: "\"v2\"");
        var second = await harness.FetchAsync(url);

        Assert.True(second.Status == expected, $"{because}: {second.Status} {second.Error}");
        var kept = await File.ReadAllBytesAsync(second.LocalPath!, TestContext.Current.CancellationToken);
        Assert.Equal(expected == ListDownloadStatus.HeldBack ? HundredNames : body, kept);
        if (reason is not null)
        {
            Assert.Contains(reason, second.Error, StringComparison.Ordinal);
        }

        Assert.Empty(harness.TempFiles());
    }

    [Fact]
    public async Task A_held_back_copy_is_asked_for_again_with_the_validators_of_the_good_one()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        var url = server.Url("/adult.txt");
        server.Handler = ListTestServer.Serve(HundredNames, etag: "\"v1\"");
        await harness.FetchAsync(url);
        server.Handler = ListTestServer.Serve(Names(5), etag: "\"v2\"");
        await harness.FetchAsync(url);

        server.Handler = ListTestServer.Serve(Names(120), etag: "\"v3\"");
        var fixedCopy = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.Downloaded, fixedCopy.Status);
        Assert.Equal("\"v1\"", server.Requests[2].IfNoneMatch);
    }

    [Fact]
    public async Task A_tar_gz_archive_gives_its_domains_members_and_then_304s()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        var archive = TarGz(("adult/domains", "porn.example\nmore.example"), ("adult/urls", "urls-only.example/path\n"), ("adult/usage", "black\n"));
        server.Handler = ListTestServer.Serve(archive, etag: "\"a1\"", contentType: "application/x-gzip");
        var url = server.Url("/blacklists/download/adult.tar.gz");

        var first = await harness.FetchAsync(url);
        var second = await harness.FetchAsync(url);

        Assert.Equal(ListDownloadStatus.Downloaded, first.Status);
        Assert.False(first.Gzip);
        Assert.Equal("porn.example\nmore.example\n", await File.ReadAllTextAsync(first.LocalPath!, TestContext.Current.CancellationToken));
        Assert.Equal(ListDownloadStatus.NotModified, second.Status);
        Assert.Equal(first.LocalPath, second.LocalPath);
    }

    public static TheoryData<string, byte[]> BrokenArchives => new()
    {
        { "truncated", TarGz(("adult/domains", string.Concat(Enumerable.Repeat("porn.example\n", 2000))))[..^40] },
        { "gzip of something that is not tar", Gzip(Encoding.UTF8.GetBytes(new string('x', 1024))) },
        { "no domains member", TarGz(("adult/urls", "porn.example/path\n")) },
        { "not gzip at all", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x01] },
    };

    [Theory]
    [MemberData(nameof(BrokenArchives))]
    public async Task A_broken_archive_is_a_failure_that_keeps_the_last_good_copy(string because, byte[] body)
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness();
        var url = server.Url("/adult.tar.gz");
        server.Handler = ListTestServer.Serve(TarGz(("adult/domains", "porn.example\n")));
        await harness.FetchAsync(url);

        server.Handler = ListTestServer.Serve(body);
        var broken = await harness.FetchAsync(url);

        Assert.True(broken.Status == ListDownloadStatus.FailedUsingCached, $"{because}: {broken.Status} {broken.Error}");
        Assert.False(string.IsNullOrEmpty(broken.Error));
        Assert.Equal("porn.example\n\n", await File.ReadAllTextAsync(broken.LocalPath!, TestContext.Current.CancellationToken));
        Assert.Empty(harness.TempFiles());
    }

    [Fact]
    public async Task An_archive_over_the_size_cap_once_extracted_is_refused()
    {
        await using var server = await ListTestServer.StartAsync();
        using var harness = new DownloaderHarness(new ListSourceOptions { MaxMegabytes = 1, TimeoutSeconds = 10 });
        server.Handler = ListTestServer.Serve(TarGz(("adult/domains", new string('a', 2 * 1024 * 1024))));

        var refused = await harness.FetchAsync(server.Url("/adult.tar.gz"));

        Assert.Equal(ListDownloadStatus.Failed, refused.Status);
        Assert.Contains("MaxMegabytes", refused.Error, StringComparison.Ordinal);
    }

    internal static byte[] Names(int count)
    {
        var text = new StringBuilder("# test list\n");
        for (var i = 0; i < count; i++)
        {
            text.Append("name").Append(i).Append(".example\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    internal static byte[] TarGz(params (string Name, string Text)[] members)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in members)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        return output.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }
}
