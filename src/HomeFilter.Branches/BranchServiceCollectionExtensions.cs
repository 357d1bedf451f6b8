using HomeFilter.Branches.Policy;
using HomeFilter.Branches.Registry;
using HomeFilter.Branches.Spool;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Resolver.Reload;
using HomeFilter.Storage.Alerts;
using HomeFilter.Storage.Branches;
using HomeFilter.Storage.QueryLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Branches;

/// <summary>
/// A branch of a network (<c>HomeFilter:Branch:Id</c> set): the central query-log and alert stores get the local
/// spool in front of them, rows are numbered, the central policy store becomes the policy source, and the branch
/// reports to the registry. Call after the stores are registered. Without a branch id nothing changes.
/// </summary>
public static class BranchServiceCollectionExtensions
{
    public static IServiceCollection AddHomeFilterBranch(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(BranchOptions.Section);
        services.Configure<BranchOptions>(section);
        var options = section.Get<BranchOptions>() ?? new BranchOptions();
        if (!options.IsBranch)
        {
            return services;
        }

        var id = options.Id!.Trim();
        services.PostConfigure<PolicyOptions>(policy => policy.Branch ??= id);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<BranchLink>();
        services.AddSingleton(sp => new QueryLogSpool(Path.Combine(dataDirectory, "spool.db"), options.SpoolMaxRows));
        services.AddSingleton(sp => new BranchSequence(id, sp.GetRequiredService<QueryLogSpool>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IQueryLogSequence>(sp => sp.GetRequiredService<BranchSequence>());

        var spooling = Decorate<IQueryLogStore>(services, (sp, central) => ActivatorUtilities.CreateInstance<SpoolingQueryLogStore>(sp, central));
        if (spooling)
        {
            services.AddSingleton(sp => (SpoolingQueryLogStore)sp.GetRequiredService<IQueryLogStore>());
        }

        var alerts = Decorate<IAlertStore>(services, (sp, central) => new SpoolingAlertStore(central, sp.GetRequiredService<QueryLogSpool>(), sp.GetRequiredService<BranchLink>(), id));
        if (alerts)
        {
            services.AddSingleton(sp => (SpoolingAlertStore)sp.GetRequiredService<IAlertStore>());
        }

        if (spooling)
        {
            services.AddHostedService(sp => new SpoolShipper(sp.GetRequiredService<SpoolingQueryLogStore>(), sp.GetService<SpoolingAlertStore>()));
        }

        if (services.Any(d => d.ServiceType == typeof(IPolicyStore)))
        {
            services.AddSingleton(sp => new BranchPolicyService(
                sp.GetRequiredService<IPolicyStore>(),
                sp.GetRequiredService<RuleSnapshotLoader>(),
                sp.GetRequiredService<IOptions<BranchOptions>>(),
                dataDirectory,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<BranchPolicyService>>()));
            services.AddHostedService(sp => sp.GetRequiredService<BranchPolicyService>());
        }

        services.AddSingleton(sp =>
        {
            var state = new BranchState(
                options,
                sp.GetRequiredService<BranchLink>(),
                sp.GetRequiredService<HomeFilter.Resolver.Diagnostics.QueryStatistics>(),
                sp.GetService<SpoolingQueryLogStore>(),
                sp.GetService<BranchPolicyService>());
            BranchMetrics.Register(state);
            return state;
        });
        if (services.Any(d => d.ServiceType == typeof(IBranchRegistry)))
        {
            services.AddHostedService<BranchReporter>();
        }

        return services;
    }

    /// <summary>Replaces the registration of <typeparamref name="T"/> with <paramref name="decorate"/> around it; false when there is none.</summary>
    private static bool Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> decorate)
        where T : class
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(T));
        if (descriptor is null)
        {
            return false;
        }

        services.Remove(descriptor);
        services.AddSingleton(sp => decorate(sp, (T)Inner(sp, descriptor)));
        return true;
    }

    private static object Inner(IServiceProvider sp, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(sp)
        ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
}
