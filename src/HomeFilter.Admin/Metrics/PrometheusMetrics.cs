using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace HomeFilter.Admin.Metrics;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format, over the <c>System.Diagnostics.Metrics</c> instruments every
/// project registers (OpenTelemetry's SDK and Prometheus exporter). Every meter whose name starts with
/// <c>HomeFilter</c> is exported, so a new instrument on an existing or new HomeFilter meter appears without a change
/// here. The route sits in the authenticated group: a scraper sends a viewer API token as a bearer token.
/// </summary>
public static class PrometheusMetrics
{
    public const string Path = "/metrics";

    /// <summary><c>service_name</c> of the <c>target_info</c> series.</summary>
    public const string ServiceName = "homefilter";

    /// <summary>OpenTelemetry's meter wildcard: HomeFilter.Resolver, HomeFilter.Monitoring and any later one.</summary>
    public const string MeterPattern = "HomeFilter*";

    /// <summary>Upstream latency in seconds: from a LAN resolver's fraction of a millisecond to the 2-second attempt timeout and beyond.</summary>
    private static readonly double[] UpstreamSecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4];

    /// <summary>Query log batch store time in seconds: a few milliseconds usually, seconds when the disk is slow.</summary>
    private static readonly double[] BatchSecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    public static IServiceCollection AddHomeFilterMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(PrometheusMetrics).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
            .AddMeter(MeterPattern)
            .AddView("homefilter.upstream.duration", new ExplicitBucketHistogramConfiguration { Boundaries = UpstreamSecondsBuckets })
            .AddView("homefilter.querylog.batch.duration", new ExplicitBucketHistogramConfiguration { Boundaries = BatchSecondsBuckets })

            // Every scrape reads the instruments afresh: a scrape a few seconds apart is cheap, and a cached answer
            // would hide the queries of the last moments.
            .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>
    /// Maps <c>GET /metrics</c> under the caller's conventions (authentication). A route handler around the exporter's
    /// middleware rather than the exporter's own mapping, so it is GET only and listed in the OpenAPI document like
    /// every other endpoint.
    /// </summary>
    public static RouteHandlerBuilder MapHomeFilterMetrics(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var pipeline = routes.CreateApplicationBuilder();
        pipeline.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: static _ => true, path: null, configureBranchedPipeline: null, optionsName: null);
        var exporter = pipeline.Build();
        Func<HttpContext, Task> scrape = http => exporter(http);
        return routes.MapGet(Path, (Delegate)scrape)
            .Produces(StatusCodes.Status200OK, contentType: "text/plain")
            .WithSummary("Prometheus metrics (text format) of every HomeFilter meter; a viewer token is enough");
    }
}
