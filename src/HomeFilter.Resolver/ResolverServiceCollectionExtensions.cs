using HomeFilter.Resolver.Access;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Configuration;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.Identity;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.QueryLog;
using HomeFilter.Resolver.RateLimit;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Reload.Sources;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Transport;
using HomeFilter.Resolver.Transport.Encrypted;
using HomeFilter.Resolver.Upstream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver;

/// <summary>Registers the whole DNS side: options, rule snapshot, stages, the composed pipeline and the listeners.</summary>
public static class ResolverServiceCollectionExtensions
{
    public static IServiceCollection AddHomeFilterResolver(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<DnsOptions>(configuration.GetSection(DnsOptions.Section));
        services.Configure<BlocklistOptions>(options => BindBlocklists(configuration.GetSection(BlocklistOptions.Section), options));
        services.AddSingleton<QueryStatistics>();
        services.AddSingleton(sp => ClientNetworks.Parse(sp.GetRequiredService<IOptions<DnsOptions>>().Value.EffectiveAllowedClients));
        var identity = new IdentityOptions();
        configuration.GetSection(IdentityOptions.Section).Bind(identity);
        services.AddSingleton(identity);
        services.AddSingleton<NeighbourTable>();
        services.AddSingleton<ClientIdentifier>();
        services.AddSingleton(sp => new AccessControlStage(sp.GetRequiredService<ClientNetworks>(), identity));
        services.AddHomeFilterRateLimit(configuration);
        services.AddSingleton<RuleSnapshotHolder>();
        var dataDirectory = Path.GetFullPath(configuration["HomeFilter:DataDirectory"] is { Length: > 0 } data ? data : "data");
        services.AddHomeFilterListDownloads(configuration, Path.Combine(dataDirectory, "lists"));
        services.TryAddSingleton<ListSourceStates>();
        services.AddSingleton(sp =>
        {
            var downloader = sp.GetRequiredService<ListDownloader>();
            var states = sp.GetRequiredService<ListSourceStates>();
            return ActivatorUtilities.CreateInstance<RuleSnapshotLoader>(sp, new Func<string, CancellationToken, Task<ListFetchResult>>(async (url, token) =>
            {
                var download = await downloader.FetchIfDueAsync(url, token).ConfigureAwait(false);
                states.Record(download);
                var failed = download.Status is ListDownloadStatus.Failed or ListDownloadStatus.FailedUsingCached or ListDownloadStatus.HeldBack;
                return new ListFetchResult(download.LocalPath, download.Gzip, failed ? download.Error ?? "download failed" : null, download.LastSuccessUtc);
            }));
        });
        services.Configure<PolicyOptions>(configuration.GetSection(PolicyOptions.Section));
        services.PostConfigure<PolicyOptions>(options => options.DataDirectory ??= dataDirectory);
        var queryLog = new QueryLogSettings(configuration.GetValue("HomeFilter:QueryLog:Enabled", true), configuration.GetValue("HomeFilter:QueryLog:QueueCapacity", 65_536));
        services.AddSingleton(queryLog);
        services.AddSingleton(_ => new QueryLogQueue(queryLog.QueueCapacity));
        services.AddSingleton<QueryLogStage>();
        services.AddSingleton<PolicyStage>();
        services.AddSingleton<CnameInspectionStage>();
        services.AddHomeFilterCache(configuration);
        services.AddHomeFilterUpstreams(configuration);
        services.AddSingleton(sp => PipelineComposition.Compose(sp));
        services.AddSingleton<IQueryProcessor, PipelineQueryProcessor>();
        services.AddSingleton<DnsServer>();
        services.AddSingleton<EncryptedDnsServer>();

        // Hosted services start in registration order: rules are loaded before the first query is served.
        services.AddHostedService(sp => sp.GetRequiredService<RuleSnapshotLoader>());
        services.AddHostedService(sp => sp.GetRequiredService<DnsServer>());
        services.AddHostedService(sp => sp.GetRequiredService<EncryptedDnsServer>());
        services.AddSingleton<ListRefreshService>();
        services.AddHostedService(sp => sp.GetRequiredService<ListRefreshService>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<OverrideExpiryService>();
        if (identity.NeighbourTable)
        {
            services.AddHostedService<NeighbourTableService>();
        }
        return services;
    }

    private static void BindBlocklists(IConfigurationSection section, BlocklistOptions options)
    {
        foreach (var category in section.GetChildren())
        {
            var paths = category.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
            if (category.Value is { Length: > 0 } single)
            {
                paths.Add(single);
            }

            options.Categories[category.Key] = paths;
        }
    }
}
