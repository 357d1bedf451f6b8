using System.Net;
using System.Net.Http.Headers;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Transport.Encrypted;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeFilter.Resolver.Tests.Transport.Encrypted;

public sealed class DohServerTests : IAsyncLifetime
{
    // A query header (id 0x1234, RD) with one question: example.test A IN.
    private static readonly byte[] Query = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0, 0, 1, 0, 1];

    private readonly TestPemFiles _files = new();
    private readonly RecordingProcessor _processor = new();
    private ServerCertificateSource _source = null!;
    private DohServer _server = null!;
    private HttpClient _client = null!;
    private string _base = "";

    public async ValueTask InitializeAsync()
    {
        _source = new ServerCertificateSource(_files.CertificateFile, _files.KeyFile, NullLogger.Instance, watch: false);
        _server = new DohServer(_processor, _source, NullLogger.Instance);
        await _server.StartAsync([new IPEndPoint(IPAddress.Loopback, 0)], new HomeFilter.Resolver.Configuration.DnsOptions(), NullLoggerFactory.Instance, CancellationToken.None);
        _base = $"https://127.0.0.1:{_server.Endpoints[0].Port}";
        var thumbprint = _files.Certificate.Thumbprint;
        _client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _source.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task A_post_over_http2_reaches_the_processor_with_the_path_client_id()
    {
        using var content = new ByteArrayContent(Query);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dns-message");
        using var response = await _client.PostAsync(_base + "/dns-query/Emma-Phone", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("application/dns-message", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("max-age=0", response.Headers.CacheControl?.ToString());
        var answer = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Query.Length, answer.Length);
        Assert.Equal(0x81, answer[2]); // QR set by the processor, RD kept
        var seen = Assert.Single(_processor.Seen);
        Assert.Equal(DnsTransportKind.Https, seen.Transport);
        Assert.Equal("emma-phone", seen.ClientId);
        Assert.Equal(IPAddress.Loopback, seen.Client);
        Assert.Equal(65535, seen.MaxResponseSize);
    }

    [Fact]
    public async Task A_get_with_base64url_reaches_the_processor_without_a_client_id()
    {
        var dns = Convert.ToBase64String(Query).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var response = await _client.GetAsync(_base + "/dns-query?dns=" + dns, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_processor.Seen);
        Assert.Null(seen.ClientId);
    }

    [Fact]
    public async Task Http11_is_served_too()
    {
        var dns = Convert.ToBase64String(Query).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var request = new HttpRequestMessage(HttpMethod.Get, _base + "/dns-query?dns=" + dns) { Version = HttpVersion.Version11 };
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
    }

    public static TheoryData<string, string, string?, int, int> BadRequests => new()
    {
        // method, path and query, content type (POST body: a query unless noted), body length, expected status
        { "GET", "/dns-query", null, 0, 400 },
        { "GET", "/dns-query?dns=", null, 0, 400 },
        { "GET", "/dns-query?dns=***", null, 0, 400 },
        { "GET", "/dns-query?dns=AAAB", null, 0, 400 },
        { "GET", "/dns-query?dns=AACBAAABAAAAAAAAAA", null, 0, 400 },
        { "GET", "/dns-query/bad_id?dns=AAABAAABAAAAAAAAAA", null, 0, 400 },
        { "GET", "/other?dns=AAABAAABAAAAAAAAAA", null, 0, 404 },
        { "POST", "/dns-query", "text/plain", 30, 415 },
        { "POST", "/dns-query", "application/dns-message", 70_000, 400 },
        { "POST", "/dns-query", "application/dns-message", 5, 400 },
        { "PUT", "/dns-query", "application/dns-message", 30, 405 },
        { "DELETE", "/dns-query", null, 0, 405 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_gets_its_status_and_never_reaches_the_processor(string method, string target, string? contentType, int bodyLength, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), _base + target);
        if (contentType is not null)
        {
            var body = new byte[bodyLength];
            Query.AsSpan(0, Math.Min(Query.Length, bodyLength)).CopyTo(body);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Empty(_processor.Seen);
    }

    [Fact]
    public async Task A_chunked_body_longer_than_a_message_is_refused_without_reading_all_of_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _base + "/dns-query")
        {
            Content = new StreamContent(new UnknownLengthStream(new byte[200_000])),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/dns-message");
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_processor.Seen);
    }

    [Theory]
    [InlineData(0u, "max-age=0")]
    [InlineData(300u, "max-age=300")]
    [InlineData(100_000u, "max-age=100000")]
    public void Max_age_text(uint seconds, string expected)
    {
        Assert.Equal(expected, DohServer.MaxAge(seconds));
        Assert.Same(DohServer.MaxAge(300), DohServer.MaxAge(300));
    }

    /// <summary>A body whose length the client cannot know beforehand, so it is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
