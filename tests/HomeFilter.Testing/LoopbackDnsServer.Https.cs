using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Testing;

/// <summary>The optional DNS-over-HTTPS endpoint (RFC 8484), served by Kestrel.</summary>
public sealed partial class LoopbackDnsServer
{
    private const string DnsMessageType = "application/dns-message";

    private readonly ConcurrentQueue<string> _httpProtocols = new();
    private WebApplication? _https;

    /// <summary>The DNS-over-HTTPS address, when enabled.</summary>
    public IPEndPoint? HttpsEndpoint { get; private set; }

    /// <summary>This server as a DNS-over-HTTPS upstream entry.</summary>
    public string HttpsUpstream => "https://" + (HttpsEndpoint ?? throw new InvalidOperationException("HTTPS is not enabled.")) + "/dns-query";

    /// <summary>The HTTP version of each DNS-over-HTTPS request, e.g. "HTTP/2".</summary>
    public IReadOnlyList<string> HttpProtocols => [.. _httpProtocols];

    private void StartHttps()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(_options.Address, 0, listen =>
        {
            listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2;
            listen.UseHttps(TlsCertificate!);
        }));
        var app = builder.Build();
        app.MapPost("/dns-query", ServeHttpsAsync);
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        HttpsEndpoint = new IPEndPoint(_options.Address, new Uri(address).Port);
        _https = app;
    }

    private async Task ServeHttpsAsync(HttpContext http)
    {
        _httpProtocols.Enqueue(http.Request.Protocol);
        Interlocked.Increment(ref _accepted[(int)TestTransport.Https]);
        if (!string.Equals(http.Request.ContentType, DnsMessageType, StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
        var remote = new IPEndPoint(http.Connection.RemoteIpAddress ?? IPAddress.None, http.Connection.RemotePort);
        var replies = Handle(body.ToArray(), TestTransport.Https, remote);
        try
        {
            if (replies.Count == 0)
            {
                // Silent: hold the request until the client gives up.
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ConfigureAwait(false);
                return;
            }

            await DelayAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // HTTP pairs each answer with its request, so forgeries make no sense here: only the real answer goes back.
        http.Response.ContentType = DnsMessageType;
        await http.Response.Body.WriteAsync(replies[^1], http.RequestAborted).ConfigureAwait(false);
    }

    private async Task StopHttpsAsync()
    {
        if (_https is not null)
        {
            await _https.StopAsync().ConfigureAwait(false);
            await _https.DisposeAsync().ConfigureAwait(false);
        }
    }
}
