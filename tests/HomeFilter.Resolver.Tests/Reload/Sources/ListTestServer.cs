using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Tests.Reload.Sources;

/// <summary>A real HTTP server on 127.0.0.1 (Kestrel, port 0) whose answer each test sets, recording what it was asked.</summary>
internal sealed class ListTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _stopped;

    private ListTestServer(WebApplication app) => _app = app;

    /// <summary>One request as the server saw it.</summary>
    public sealed record RecordedRequest(string Path, string? IfNoneMatch, string? IfModifiedSince, string? UserAgent);

    /// <summary>Answers every request; replace it between fetches to change what the list host does.</summary>
    public Func<HttpContext, Task> Handler { get; set; } = http =>
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    };

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public static async Task<ListTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ListTestServer(app);
        app.Run(server.ServeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>A handler that serves <paramref name="body"/> with 200, an optional ETag (answering 304 when it matches) and headers.</summary>
    public static Func<HttpContext, Task> Serve(byte[] body, string? etag = null, string? contentType = "text/plain", string? contentEncoding = null, bool chunked = false) =>
        async http =>
        {
            if (etag is not null && http.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            if (etag is not null)
                http.Response.Headers.ETag = etag;
            if (contentType is not null)
                http.Response.ContentType = contentType;
            if (contentEncoding is not null)
                http.Response.Headers.ContentEncoding = contentEncoding;
            if (!chunked)
                http.Response.ContentLength = body.Length;
            try
            {
                await http.Response.Body.WriteAsync(body, http.RequestAborted);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client gave up (too big, timed out): expected in those tests.
            }
        };

    /// <summary>A handler answering with a bare status code.</summary>
    public static Func<HttpContext, Task> Status(int status) => http =>
    {
        http.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
            return;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // A stalled handler held on; disposing cuts it.
        }

        await _app.DisposeAsync();
    }

    private Task ServeAsync(HttpContext http)
    {
        var headers = http.Request.Headers;
        _requests.Enqueue(new RecordedRequest(
            http.Request.Path,
            headers.IfNoneMatch.Count == 0 ? null : headers.IfNoneMatch.ToString(),
            headers.IfModifiedSince.Count == 0 ? null : headers.IfModifiedSince.ToString(),
            headers.UserAgent.Count == 0 ? null : headers.UserAgent.ToString()));
        return Handler(http);
    }
}
