using System.Net;
using System.Net.Security;

namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// DNS-over-HTTPS (RFC 8484): POST of the wire-format query as application/dns-message, HTTP/2 when the
/// server offers it (ALPN), HTTP/1.1 otherwise. SocketsHttpHandler keeps the connections; with HTTP/2 many
/// queries share one. The query ID is 0 (RFC 8484 §4.1: HTTP caches then see identical requests).
/// </summary>
internal sealed class HttpsExchange : IUpstreamExchange
{
    private const string MediaType = "application/dns-message";

    private readonly Uri _uri;
    private readonly HttpMessageInvoker _client;
    private readonly UpstreamMonitor _monitor;

    public HttpsExchange(UpstreamAddress address, UpstreamCertificateValidator validator, UpstreamOptions options, UpstreamMonitor monitor)
    {
        _uri = address.Uri!;
        _monitor = monitor;
        var handler = new SocketsHttpHandler
        {
            // A resolver's traffic must not depend on the service's proxy environment variables.
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            EnableMultipleHttp2Connections = true,
            MaxConnectionsPerServer = options.UpstreamMaxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMilliseconds(options.UpstreamConnectionIdleTimeoutMs),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => validator.Validate(certificate, errors, out _),
            },
        };
        _client = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public async ValueTask<int> ExchangeAsync(UpstreamQuery query, byte[] answer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = new ReadOnlyMemoryContent(query.Message),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", MediaType);
        request.Headers.TryAddWithoutValidation("Accept", MediaType);

        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException("HTTP status " + (int)response.StatusCode, null, response.StatusCode);
        }

        if (!string.Equals(response.Content.Headers.ContentType?.MediaType, MediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException("the answer is not application/dns-message but " + response.Content.Headers.ContentType);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var length = 0;
            while (true)
            {
                var read = await stream.ReadAsync(answer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length == answer.Length)
                {
                    throw new InvalidDataException("the answer is larger than a DNS message can be");
                }
            }

            var check = UpstreamAnswerCheck.Check(answer.AsSpan(0, length), query);
            if (check != AnswerCheck.Match)
            {
                // Over HTTP an answer belongs to its request: a mismatch is an error, not a datagram to skip.
                _monitor.Mismatch(check);
                throw new InvalidDataException("the answer does not match the query (" + check + ")");
            }

            return length;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
