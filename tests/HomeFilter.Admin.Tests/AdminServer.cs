using System.Net.Http.Headers;
using HomeFilter.Resolver.Cache;
using HomeFilter.Storage.Sqlite;
using HomeFilter.Resolver.Configuration;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Admin.Tests;

/// <summary>The admin API on a real Kestrel at 127.0.0.1:0, with a known token.</summary>
internal sealed class AdminServer : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private AdminServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        Address = address;
    }

    public HttpClient Client { get; }

    public Uri Address { get; }

    /// <summary>A client with its own cookie jar, as a browser has.</summary>
    public HttpClient NewBrowserClient() =>
        new(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), UseCookies = true }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };

    public QueryStatistics Statistics => _app.Services.GetRequiredService<QueryStatistics>();

    public IServiceProvider Services => _app.Services;

    public string DataDirectory => _dataDirectory;

    public static async Task<AdminServer> StartAsync(string? token = Token, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("homefilter-admin-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["HomeFilter:Admin:Listen"] = "http://127.0.0.1:0";
        builder.Configuration["HomeFilter:Admin:Token"] = token;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        builder.Services.AddSqliteAdminStore(dataDirectory);
        builder.AddHomeFilterAdmin(dataDirectory);
        builder.Configuration["HomeFilter:Dns:Upstreams:0"] = "127.0.0.1:9";
        builder.Configuration["HomeFilter:Dns:Upstreams:1"] = "tls://127.0.0.1:853#dns.example";
        builder.Services.AddHomeFilterCache(builder.Configuration);
        builder.Services.AddHomeFilterUpstreams(builder.Configuration);
        builder.Services.AddSingleton<QueryStatistics>();
        builder.Services.AddSingleton<IQueryProcessor, NoProcessor>();
        builder.Services.AddSingleton(Options.Create(new DnsOptions()));
        builder.Services.AddSingleton<DnsServer>();
        builder.Services.AddSingleton<HomeFilter.Resolver.Transport.Encrypted.EncryptedDnsServer>();
        builder.Services.AddSingleton<RuleSnapshotHolder>();
        builder.Services.Configure<PolicyOptions>(options =>
        {
            options.DataDirectory = dataDirectory;
            options.BundledLists = Path.Combine(dataDirectory, "no-bundled-lists");
            options.Watch = false;
        });
        builder.Services.AddSingleton(Options.Create(new BlocklistOptions()));
        builder.Services.AddSingleton<RuleSnapshotLoader>();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapHomeFilterAdmin();
        await app.Services.GetRequiredService<RuleSnapshotLoader>().StartAsync(CancellationToken.None);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AdminServer(app, dataDirectory, new Uri(address));
    }

    public HttpRequestMessage Authorized(HttpMethod method, string path, string token = Token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private sealed class NoProcessor : IQueryProcessor
    {
        public ValueTask<int> ProcessAsync(QueryContext context, Memory<byte> output) => ValueTask.FromResult(0);
    }
}
