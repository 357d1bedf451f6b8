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

/// <summary>
/// A list host on 127.0.0.1, standing in for a public list's server: bodies by path with an ETag (304 when it
/// matches), or a 500 for a path set to fail; every answer recorded.
/// </summary>
public sealed class LoopbackListHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (byte[]? Body, string Etag)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Path, int Status)> _requests = new();

    private LoopbackListHost(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<(string Path, int Status)> Requests => [.. _requests];

    public void Set(string path, byte[] body, string etag) => _files[path] = (body, etag);

    /// <summary>Serves <paramref name="text"/> (UTF-8) at <paramref name="path"/>, with an ETag of its own.</summary>
    public void Set(string path, string text) => Set(path, System.Text.Encoding.UTF8.GetBytes(text), $"\"{text.GetHashCode():x8}\"");

    public void Fail(string path) => _files[path] = (null, "");

    public static async Task<LoopbackListHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var host = new LoopbackListHost(app);
        app.Run(host.ServeAsync);
        await app.StartAsync();
        host.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return host;
    }

    private async Task ServeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (!_files.TryGetValue(path, out var file) || file.Body is null)
        {
            http.Response.StatusCode = file.Body is null && _files.ContainsKey(path) ? StatusCodes.Status500InternalServerError : StatusCodes.Status404NotFound;
        }
        else if (http.Request.Headers.IfNoneMatch.ToString() == file.Etag)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
        }
        else
        {
            http.Response.Headers.ETag = file.Etag;
            http.Response.ContentType = "application/octet-stream";
            await http.Response.Body.WriteAsync(file.Body);
        }

        _requests.Enqueue((path, http.Response.StatusCode));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
