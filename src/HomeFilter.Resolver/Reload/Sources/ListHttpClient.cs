using System.Net;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>
/// The one <see cref="HttpClient"/> for list downloads, owned by the container so it is disposed at shutdown.
/// A pooled connection is renewed every 10 minutes so a list host that moved (new DNS answer) is followed;
/// the handler decompresses transfer encodings itself. The client has no timeout of its own because
/// <see cref="ListDownloader"/> applies <see cref="ListSourceOptions.TimeoutSeconds"/> to the whole download, body included.
/// Names are resolved by the system, which may be this very server; that is fine, a list host is not blocked.
/// </summary>
internal sealed class ListHttpClient : IDisposable
{
    public ListHttpClient(IOptions<ListSourceOptions> options)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds),
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
        };
        Client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
