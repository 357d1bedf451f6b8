using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Dashboard.Tests;

/// <summary>An HTTP server on 127.0.0.1 serving list files from memory, standing in for a public list's host.</summary>
internal sealed class LoopbackListServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, string> _files;

    private LoopbackListServer(WebApplication app, Dictionary<string, string> files)
    {
        _app = app;
        _files = files;
    }

    public string BaseUrl { get; private set; } = "";

    public static async Task<LoopbackListServer> StartAsync(Dictionary<string, string> files)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackListServer(app, files);
        app.Run(http =>
        {
            if (!server._files.TryGetValue(http.Request.Path.Value ?? "", out var text))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            http.Response.ContentType = "text/plain";
            return http.Response.WriteAsync(text);
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
