using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HomeFilter.Resolver.RateLimit;

/// <summary>Registers the per-client rate limit (<c>HomeFilter:RateLimit</c>); the stage only when it is enabled.</summary>
public static class RateLimitServiceCollectionExtensions
{
    public static IServiceCollection AddHomeFilterRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new RateLimitOptions();
        configuration.GetSection(RateLimitOptions.Section).Bind(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LimitedClients>();
        services.AddSingleton<UpstreamInFlight>();
        if (options.Enabled)
        {
            services.AddSingleton(_ => new ClientRateLimiter(options.TableSize));
            services.AddSingleton<GroupLimits>();
            services.AddSingleton<RateLimitStage>();
        }

        return services;
    }
}
