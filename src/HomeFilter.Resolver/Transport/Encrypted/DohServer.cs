using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>
/// DNS over HTTPS (RFC 8484) on its own Kestrel server: HTTP/2 and HTTP/1.1 over TLS, GET <c>?dns=</c> and POST
/// <c>application/dns-message</c> at <c>/dns-query</c> and <c>/dns-query/{client-id}</c>. No routing, no
/// middleware, no login: one request delegate checks the request (<see cref="DohRequestReader"/>), answers a bad
/// one with its HTTP status without touching the pipeline, and hands a query to the same
/// <see cref="IQueryProcessor"/> as UDP and TCP with the connection's remote address, so access control and rate
/// limits apply exactly as for a plain client. Buffers are rented; the <c>Cache-Control</c> values are cached.
/// </summary>
public sealed class DohServer : IAsyncDisposable
{
    private const int MaxCachedMaxAge = 86_400;
    private static readonly KeyValuePair<string, object?> HttpsTag = new("transport", "https");
    private static readonly string?[] MaxAgeTexts = new string?[MaxCachedMaxAge + 1];

    private readonly IQueryProcessor _processor;
    private readonly ServerCertificateSource _certificates;
    private readonly ILogger _logger;
    private readonly TransportSlotPool _pool = new(0, QueryContext.MaxMessageSize, maxIdle: 32);
    private readonly CancellationTokenSource _stop = new();
    private WebApplication? _app;

    public DohServer(IQueryProcessor processor, ServerCertificateSource certificates, ILogger logger)
    {
        _processor = processor;
        _certificates = certificates;
        _logger = logger;
    }

    /// <summary>The bound addresses (with the real port when 0 was configured).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; private set; } = [];

    /// <exception cref="ListenException">An address cannot be bound.</exception>
    /// <param name="endpoints">Where to listen.</param>
    /// <param name="limits">The TCP settings (<c>HomeFilter:Dns</c>): the same idle timeout and connection total as plain TCP.</param>
    /// <param name="loggers">The program's loggers, so Kestrel logs where everything else does.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartAsync(IReadOnlyList<IPEndPoint> endpoints, Configuration.DnsOptions limits, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.Replace(ServiceDescriptor.Singleton(loggers));
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, EmbeddedHostLifetime>());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            ArgumentNullException.ThrowIfNull(limits);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = Math.Max(1, limits.TcpMaxConnections);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMilliseconds(Math.Max(100, limits.TcpIdleTimeoutMs));

            // No MaxRequestBodySize of Kestrel's: it would answer 413 or cut the connection; the request delegate
            // reads at most one byte more than a DNS message and answers a longer body 400 (RFC 8484).
            foreach (var endpoint in endpoints)
            {
                kestrel.Listen(endpoint, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = SelectCertificate });
                });
            }
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ListenException($"Cannot serve DNS over HTTPS: {e.Message.TrimEnd('.')}. Fix HomeFilter:Dns:Https:Listen.", e);
        }

        _app = app;
        var bound = new List<IPEndPoint>();
        foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            var uri = new Uri(address);
            bound.Add(new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port));
        }

        Endpoints = bound;
        foreach (var endpoint in bound)
        {
            TransportLog.Listening(_logger, "https", endpoint);
        }
    }

    /// <summary>Every handshake takes the certificate of its moment, so a reloaded file is used from the next connection on.</summary>
    private ValueTask<SslServerAuthenticationOptions> SelectCertificate(TlsHandshakeCallbackContext context)
        => ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _certificates.Current.Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        });

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var rejection = DohRequestReader.ReadPath(request.Path.Value, out var clientId);
        var isPost = false;
        if (rejection == DohRejection.None)
        {
            rejection = DohRequestReader.CheckMethod(request.Method, out isPost);
        }

        byte[]? query = null;
        try
        {
            var length = 0;
            if (rejection == DohRejection.None)
            {
                // One more byte than a message can have, so a longer body is seen without reading all of it.
                query = ArrayPool<byte>.Shared.Rent(QueryContext.MaxMessageSize + 1);
                if (isPost)
                {
                    rejection = DohRequestReader.CheckPost(request.ContentType, request.ContentLength);
                    if (rejection == DohRejection.None)
                    {
                        length = await ReadBodyAsync(request.Body, query, http.RequestAborted).ConfigureAwait(false);
                        rejection = length > QueryContext.MaxMessageSize ? DohRejection.TooLarge : DohRequestReader.CheckMessage(query.AsSpan(0, length));
                    }
                }
                else
                {
                    var present = DohRequestReader.FindDnsParameter(request.QueryString.Value, out var dns);
                    rejection = DohRequestReader.DecodeGet(dns, present, query, out length);
                }
            }

            if (rejection != DohRejection.None)
            {
                Reject(http, rejection);
                return;
            }

            await AnswerAsync(http, query.AsMemory(0, length), clientId).ConfigureAwait(false);
        }
        finally
        {
            if (query is not null)
            {
                ArrayPool<byte>.Shared.Return(query);
            }
        }
    }

    private void Reject(HttpContext http, DohRejection rejection)
    {
        var reason = DohRequestReader.Reason(rejection);
        TransportMetrics.DohRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
        EncryptedDnsLog.DohRejected(_logger, http.Connection.RemoteIpAddress, reason);
        http.Response.StatusCode = DohRequestReader.StatusCode(rejection);
        if (rejection == DohRejection.WrongMethod)
        {
            http.Response.Headers.Allow = "GET, POST";
        }
    }

    /// <summary>Reads the body into <paramref name="buffer"/>; stops at its end, so a result of its length means "too long".</summary>
    private static async ValueTask<int> ReadBodyAsync(Stream body, byte[] buffer, CancellationToken cancellation)
    {
        var limit = QueryContext.MaxMessageSize + 1;
        var total = 0;
        while (total < limit)
        {
            var read = await body.ReadAsync(buffer.AsMemory(total, limit - total), cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private async Task AnswerAsync(HttpContext http, ReadOnlyMemory<byte> query, string? clientId)
    {
        var slot = _pool.Rent();
        try
        {
            TransportMetrics.Received.Add(1, HttpsTag);
            var context = slot.Context;
            context.Reset();
            context.Query = query;
            if (http.Connection.RemoteIpAddress is { } remote)
            {
                context.ClientAddress = remote;
            }

            context.Transport = DnsTransportKind.Https;
            context.ClientId = clientId;
            context.MaxResponseSize = QueryContext.MaxMessageSize;
            context.StartTimestamp = Stopwatch.GetTimestamp();
            context.Aborted = _stop.Token;
            var length = await _processor.ProcessAsync(context, slot.Output).ConfigureAwait(false);
            if (length <= 0)
            {
                // Only a message the pipeline could not even answer with an error comes back empty.
                Reject(http, DohRejection.NotDns);
                return;
            }

            var response = http.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = DohRequestReader.MediaType;
            response.ContentLength = length;
            response.Headers.CacheControl = MaxAge(CacheLifetime(context, slot.Output.AsSpan(0, length)));
            await response.Body.WriteAsync(slot.Output.AsMemory(0, length), http.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            _pool.Return(slot);
        }
    }

    /// <summary>
    /// RFC 8484 §5.1: the freshness of a DoH response is its smallest TTL, for a negative answer the SOA's negative
    /// TTL; an answer without records (an error) is not to be reused (0).
    /// </summary>
    internal static uint CacheLifetime(QueryContext context, ReadOnlySpan<byte> response)
    {
        Span<ushort> offsets = stackalloc ushort[64];
        if (!ResponseScanner.TryScan(response, context.Name, context.Parsed.QType, context.Parsed.QClass, offsets, out var scan))
        {
            return 0;
        }

        if (scan.Negative != NegativeAnswerKind.None)
        {
            return scan.NegativeTtl;
        }

        return scan.MinTtl == uint.MaxValue ? 0 : scan.MinTtl;
    }

    internal static string MaxAge(uint seconds)
    {
        if (seconds > MaxCachedMaxAge)
        {
            return "max-age=" + seconds.ToString(CultureInfo.InvariantCulture);
        }

        return MaxAgeTexts[seconds] ??= "max-age=" + seconds.ToString(CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }

        _stop.Dispose();
    }
}
