using HomeFilter.Admin;
using HomeFilter.Resolver.Access;
using HomeFilter.Resolver.Configuration;
using HomeFilter.Resolver.Identity;
using HomeFilter.Resolver.RateLimit;
using HomeFilter.Resolver.Transport;
using HomeFilter.Resolver.Upstream;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace HomeFilter.Hosting;

/// <summary>
/// Checks the addresses a person types (listen, allowed clients, upstreams, admin URL) before the host is built, so a
/// typo is one line naming the setting instead of a failure half-way through the start (or Kestrel's
/// <see cref="FormatException"/> with a stack trace).
/// </summary>
internal static class SettingsCheck
{
    /// <summary>Throws <see cref="InvalidSettingsException"/> listing every problem found.</summary>
    public static void ThrowIfInvalid(IConfiguration settings)
    {
        var problems = Collect(settings);
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException(problems);
        }
    }

    public static List<string> Collect(IConfiguration settings)
    {
        var problems = new List<string>();
        if (Bind<DnsOptions>(settings, DnsOptions.Section, problems) is { } dns)
        {
            foreach (var text in dns.EffectiveListen)
            {
                try
                {
                    ListenEndpoint.Parse(text);
                }
                catch (FormatException e)
                {
                    problems.Add(e.Message + " Fix HomeFilter:Dns:Listen (--listen).");
                }
            }

            try
            {
                ClientNetworks.Parse(dns.EffectiveAllowedClients);
            }
            catch (FormatException e)
            {
                problems.Add("Allowed client " + e.Message + " Fix HomeFilter:Dns:AllowedClients (--allow).");
            }
        }

        if (Bind<UpstreamOptions>(settings, UpstreamOptions.Section, problems) is { } upstreams)
        {
            foreach (var error in UpstreamOptionsValidator.Collect(upstreams))
            {
                problems.Add(error.StartsWith(UpstreamOptions.Section + ":Upstreams", StringComparison.Ordinal) ? error + " Fix HomeFilter:Dns:Upstreams (--upstream)." : error);
            }
        }

        if (Bind<RateLimitOptions>(settings, RateLimitOptions.Section, problems) is { } rateLimit)
        {
            problems.AddRange(rateLimit.Problems());
        }

        if (Bind<IdentityOptions>(settings, IdentityOptions.Section, problems) is { } identity)
        {
            problems.AddRange(identity.Problems());
        }

        if (Bind<StoreOptions>(settings, StoreOptions.Section, problems) is { } store)
        {
            problems.AddRange(store.Problems());
        }

        if (Bind<AdminOptions>(settings, AdminOptions.Section, problems) is { Enabled: true } admin)
        {
            CheckAdminListen(admin.Listen, problems);
        }

        return problems;
    }

    private static void CheckAdminListen(string? listen, List<string> problems)
    {
        const string fix = "Fix HomeFilter:Admin:Listen (--admin), or set HomeFilter:Admin:Enabled=false.";
        if (string.IsNullOrWhiteSpace(listen))
        {
            problems.Add($"The admin API address is empty; give one such as http://127.0.0.1:8080. {fix}");
            return;
        }

        foreach (var url in listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!url.Contains("://", StringComparison.Ordinal))
            {
                problems.Add($"The admin API address '{url}' has no scheme; write it as a URL, e.g. http://{url}. {fix}");
                continue;
            }

            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                problems.Add($"The admin API address '{url}' is not a URL such as http://127.0.0.1:8080. {fix}");
                continue;
            }

            if (address.IsNamedPipe || address.IsUnixPipe)
            {
                continue;
            }

            if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase) && !string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"The admin API address '{url}' must start with http:// or https://. {fix}");
            }
            else if (!string.IsNullOrEmpty(address.PathBase))
            {
                problems.Add($"The admin API address '{url}' must not have a path; use {address.Scheme}://{address.Host}:{address.Port}. {fix}");
            }
        }
    }

    /// <summary>Binds a section; a value of the wrong type (a word where a number goes) is a problem, not an exception.</summary>
    private static T? Bind<T>(IConfiguration settings, string section, List<string> problems)
        where T : class, new()
    {
        try
        {
            return settings.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            problems.Add("Invalid setting: " + e.Message);
            return null;
        }
    }
}
