using HomeFilter.Resolver.Stages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Upstream;

public static class UpstreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="UpstreamOptions"/> (bound from <c>HomeFilter:Dns</c> and validated when the host starts),
    /// the <see cref="UpstreamSet"/> (its <see cref="UpstreamSet.GetHealth"/> feeds the admin API) and the
    /// <see cref="UpstreamStage"/>, all singletons.
    /// </summary>
    public static IServiceCollection AddHomeFilterUpstreams(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<UpstreamOptions>()
            .Bind(configuration.GetSection(UpstreamOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpstreamOptions>, UpstreamOptionsValidator>());
        services.TryAddSingleton<UpstreamSet>();
        services.TryAddSingleton<UpstreamStage>();
        return services;
    }
}
