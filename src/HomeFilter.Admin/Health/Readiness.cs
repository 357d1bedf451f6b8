using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Transport;
using HomeFilter.Storage.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HomeFilter.Admin.Health;

/// <summary>
/// Whether the server can do its job: the DNS listeners are bound, the first rule snapshot is in force and the
/// query log store is open. The store is opened by the query-log writer's start, and the host reports "started"
/// only after every hosted service started, so a started host with a writer has an open store. Nothing here names
/// a client, a name or a path: the answer is served without authentication.
/// </summary>
public static class Readiness
{
    public static ReadinessReport Check(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        var started = lifetime.ApplicationStarted.IsCancellationRequested;
        var stopping = lifetime.ApplicationStopping.IsCancellationRequested;
        var dns = services.GetService<DnsServer>() is { } server && server.UdpEndpoints.Count > 0 && server.TcpEndpoints.Count > 0;
        var rules = (services.GetService<RuleSnapshotHolder>()?.Current.Generation ?? 0) > 0;
        var queryLog = services.GetService<QueryLogWriter>() is null ? "off" : started && !stopping ? "open" : "not open";

        // A store on another server (PostgreSQL) that is away: DNS is answered, but the log and accounts wait for it.
        if (queryLog == "open" && services.GetService<IStoreStatus>() is { Available: false })
        {
            queryLog = "store unavailable";
        }

        var ready = started && !stopping && dns && rules && queryLog is not ("not open" or "store unavailable");
        return new ReadinessReport(
            ready ? "ready" : stopping ? "stopping" : "starting",
            dns ? "bound" : "not bound",
            rules ? "loaded" : "not loaded",
            queryLog);
    }
}

/// <summary>The readiness answer: an overall status and one word per part.</summary>
public sealed record ReadinessReport(string Status, string Dns, string Rules, string QueryLog)
{
    public bool Ready => Status == "ready";
}
