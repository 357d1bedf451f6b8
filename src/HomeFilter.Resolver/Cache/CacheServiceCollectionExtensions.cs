using HomeFilter.Resolver.Stages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Cache;

public static class CacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CacheOptions"/> (section <c>HomeFilter:Cache</c>, validated at start),
    /// the <see cref="DnsResponseCache"/> and the <see cref="CacheStage"/>, both singletons.
    /// Uses a registered <see cref="TimeProvider"/> when there is one, the system clock otherwise.
    /// </summary>
    public static IServiceCollection AddHomeFilterCache(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CacheOptions>()
            .Bind(configuration.GetSection(CacheOptions.SectionName))
            .ValidateOnStart();
        services.TryAddSingleton<IValidateOptions<CacheOptions>, CacheOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new DnsResponseCache(provider.GetRequiredService<IOptions<CacheOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<CacheStage>();
        return services;
    }

    /// <summary>Reports which setting is wrong, in words.</summary>
    private sealed class CacheOptionsValidator : IValidateOptions<CacheOptions>
    {
        public ValidateOptionsResult Validate(string? name, CacheOptions options)
        {
            var problem = options.Validate();
            return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
        }
    }
}
