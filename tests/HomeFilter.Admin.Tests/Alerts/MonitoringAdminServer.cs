using System.Net.Http.Headers;
using HomeFilter.Admin.Endpoints;
using HomeFilter.Admin.Security;
using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.Digests;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Admin.Tests.Alerts;

/// <summary>The alert, digest and evidence endpoints on a real Kestrel at 127.0.0.1:0, over in-memory stores.</summary>
internal sealed class MonitoringAdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private MonitoringAdminServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminServer.Token);
    }

    public HttpClient Client { get; }

    public static async Task<MonitoringAdminServer> StartAsync(IAlertStore alerts, IQueryLogStore log, IMonitoringPolicy policy)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("homefilter-admin-alerts-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["HomeFilter:Admin:Listen"] = "http://127.0.0.1:0";
        builder.Configuration["HomeFilter:Admin:Token"] = AdminServer.Token;
        builder.Services.AddSqliteAdminStore(dataDirectory);
        builder.AddHomeFilterAdmin(dataDirectory);
        builder.Services.AddSingleton(alerts);
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton(policy);
        builder.Services.AddSingleton<DigestBuilder>();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        var api = app.MapGroup(string.Empty).RequireAuthorization(AdminClaims.ViewerPolicy).AddEndpointFilter<ChangeGuardFilter>();
        api.MapAlertEndpoints();
        api.MapDigestEndpoints();
        api.MapEvidenceEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MonitoringAdminServer(app, dataDirectory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
