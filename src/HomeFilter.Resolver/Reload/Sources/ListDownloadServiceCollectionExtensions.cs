using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Reload.Sources;

public static class ListDownloadServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ListSourceOptions"/> (section <c>HomeFilter:Lists</c>, validated at start) and a singleton
    /// <see cref="ListDownloader"/> caching into <paramref name="cacheDirectory"/>, with its own <see cref="HttpClient"/>.
    /// Uses a registered <see cref="TimeProvider"/> when there is one, the system clock otherwise.
    /// </summary>
    public static IServiceCollection AddHomeFilterListDownloads(this IServiceCollection services, IConfiguration configuration, string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        services.AddOptions<ListSourceOptions>()
            .Bind(configuration.GetSection(ListSourceOptions.SectionName))
            .ValidateOnStart();
        services.TryAddSingleton<IValidateOptions<ListSourceOptions>, ListSourceOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ListHttpClient>();
        services.TryAddSingleton(provider => new ListDownloader(
            provider.GetRequiredService<ListHttpClient>().Client,
            cacheDirectory,
            provider.GetRequiredService<IOptions<ListSourceOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ListDownloader>>()));
        return services;
    }

    /// <summary>Reports which setting is wrong, in words.</summary>
    private sealed class ListSourceOptionsValidator : IValidateOptions<ListSourceOptions>
    {
        public ValidateOptionsResult Validate(string? name, ListSourceOptions options)
        {
            var problem = options.Validate();
            return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
        }
    }
}
