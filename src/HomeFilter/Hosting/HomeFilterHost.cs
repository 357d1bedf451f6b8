using HomeFilter.Admin;
using HomeFilter.Branches;
using HomeFilter.Monitoring;
using HomeFilter.Resolver;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace HomeFilter.Hosting;

/// <summary>The composition root: configuration sources, logging and every service, for the program and for in-process tests.</summary>
public static class HomeFilterHost
{
    /// <summary>How long a stop waits for the hosted services (the query-log drain above all) before giving up.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Builds the host. Configuration, later sources winning: appsettings.json beside the program, environment
    /// variables (<c>HomeFilter__Dns__Listen__0</c>), the command line (with short aliases), then <paramref name="overrides"/>.
    /// With the admin API enabled the host is a web application (Kestrel serves the API); otherwise a plain generic host.
    /// </summary>
    /// <exception cref="InvalidSettingsException">An address setting (listen, allowed clients, upstreams, admin URL) cannot work.</exception>
    public static IHost Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args, CommandLineAliases.Map.ToDictionary())
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();
        SettingsCheck.ThrowIfInvalid(settings);
        var dataDirectory = HomeFilterPaths.DataDirectory(settings);
        var tightened = PrivateDataDirectory.Prepare(dataDirectory);

        if (!settings.GetValue(AdminOptions.Section + ":Enabled", true))
        {
            var plain = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
            AddSources(plain.Configuration, args, overrides);
            AddServices(plain.Services, plain.Configuration, dataDirectory, tightened);
            return plain.Build();
        }

        var web = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        AddSources(web.Configuration, args, overrides);
        AddServices(web.Services, web.Configuration, dataDirectory, tightened);
        StoreRegistration.AddAdminStore(web.Services, web.Configuration, dataDirectory);
        web.AddHomeFilterAdmin(dataDirectory);
        var app = web.Build();
        app.MapHomeFilterAdmin();
        return app;
    }

    private static void AddSources(IConfigurationBuilder configuration, string[] args, IReadOnlyDictionary<string, string?>? overrides)
    {
        // The defaults already read appsettings.json beside the program and the environment; the command line
        // is added again with the short aliases so it wins over both.
        configuration.AddCommandLine(args, CommandLineAliases.Map.ToDictionary());
        if (overrides is not null)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration, string dataDirectory, IReadOnlyList<string> tightened)
    {
        services.AddHomeFilterLogging(configuration, dataDirectory);
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PrivateDataDirectoryLog>(sp, tightened, dataDirectory));

        // Under systemd (Type=notify): READY=1 once every service has started, STOPPING=1 on SIGTERM, logs without
        // colours for the journal. Elsewhere it does nothing.
        services.AddSystemd();
        if (!SystemdHelpers.IsSystemdService() && Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 })
        {
            // AddSystemd knows systemd by reading /proc/1/comm, which the unit's ProtectProc=invisible hides from the
            // service's own user; the notify socket systemd hands a Type=notify service says the same.
            services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        // SIGTERM stops the listeners first and then the query-log writer stores what is queued (hosted services stop
        // in reverse order); give that drain time before the host gives up on it. The unit's TimeoutStopSec is longer.
        services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);

        // Before the resolver: hosted services stop in reverse order, so the log writer starts before the first
        // query and stores the last queued entries after the listeners have stopped.
        StoreRegistration.AddStores(services, configuration, dataDirectory);
        services.AddHomeFilterQueryLog(configuration, dataDirectory);
        services.AddHomeFilterAlerts(configuration);
        services.AddHomeFilterResolver(configuration);

        // Last: it wraps the stores registered above, and its policy service starts after the rules loader.
        services.AddHomeFilterBranch(configuration, dataDirectory);
    }
}
