using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using HomeFilter.Admin.Accounts;
using HomeFilter.Admin.Audit;
using HomeFilter.Admin.Dashboard;
using HomeFilter.Admin.Endpoints;
using HomeFilter.Admin.Metrics;
using HomeFilter.Admin.Policy;
using HomeFilter.Admin.Branches;
using HomeFilter.Admin.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace HomeFilter.Admin;

/// <summary>
/// Wires the admin API and dashboard into a web application: options, authentication (cookie sessions for people,
/// bearer tokens for automation), antiforgery, login rate limiting, problem details, OpenAPI, static files, endpoints.
/// The stores (<c>IAccountStore</c>, <c>IApiTokenStore</c>, <c>IAuditStore</c>) are registered by the host.
/// </summary>
public static class AdminSetup
{
    public const string CsrfHeader = "X-CSRF-TOKEN";

    /// <summary>Registers the admin services and tells Kestrel where to listen (loopback unless configured).</summary>
    public static WebApplicationBuilder AddHomeFilterAdmin(this WebApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(AdminOptions.Section);
        builder.Services.Configure<AdminOptions>(section);
        var options = section.Get<AdminOptions>() ?? new AdminOptions();
        var services = builder.Services;
        services.AddSingleton(_ => AdminToken.Resolve(options.Token, dataDirectory));
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddSingleton(new AdminPaths(dataDirectory));
        services.AddSingleton<AccountService>();
        services.AddSingleton<PolicyEditor>();
        services.TryAddSingleton<HomeFilter.Admin.Devices.IReverseLookup, HomeFilter.Admin.Devices.SystemReverseLookup>();
        services.AddSingleton<AuditRecorder>();
        services.AddSingleton<ChangeGuardFilter>();
        services.AddHostedService<AccountBootstrap>();
        services.AddHomeFilterMetrics();

        // Session cookies are signed with keys kept in the data directory, so a restart does not log everyone out.
        var keys = PrivateDirectory(Path.Combine(dataDirectory, "keys"));
        services.AddDataProtection().SetApplicationName("HomeFilter").PersistKeysToFileSystem(keys);
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = CsrfHeader;
            antiforgery.Cookie.Name = "homefilter.csrf";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthentication(AdminClaims.SelectorScheme)
            .AddPolicyScheme(AdminClaims.SelectorScheme, "cookie or bearer token", selector => selector.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? AdminClaims.TokenScheme : AdminClaims.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(AdminClaims.TokenScheme, null)
            .AddCookie(AdminClaims.CookieScheme, cookie =>
            {
                cookie.Cookie.Name = "homefilter.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(Math.Max(1, options.SessionIdleHours));

                // An API answers 401/403; a page (the API reference) sends the person to the dashboard's login.
                cookie.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminClaims.ViewerPolicy, policy => policy.RequireRole(AdminClaims.ViewerRole, AdminClaims.AdminRole, AdminClaims.BranchAdminRole))
            .AddPolicy(AdminClaims.AdminPolicy, policy => policy.RequireRole(AdminClaims.AdminRole));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SessionEndpoints.LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, options.LoginAttemptsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Unauthenticated pages (the public safeguards page): per client address.
            limiter.AddPolicy(HomeFilter.Admin.Branches.SafeguardsEndpoints.RateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 60, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = "60";
                if (http.Request.Path.StartsWithSegments("/safeguards", StringComparison.OrdinalIgnoreCase))
                {
                    await Results.Problem(detail: "too many requests from this address; wait a minute", statusCode: StatusCodes.Status429TooManyRequests)
                        .ExecuteAsync(http).ConfigureAwait(false);
                    return;
                }

                var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("HomeFilter.Admin");
                AdminLog.LoginLockedOut(logger, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                await Results.Problem(detail: "too many login attempts from this address; wait a minute", statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(http).ConfigureAwait(false);
            };
        });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls(options.Listen);
        return builder;
    }

    /// <summary>Adds the middleware and every endpoint. Call once, after <c>Build()</c>.</summary>
    public static WebApplication MapHomeFilterAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var token = app.Services.GetRequiredService<AdminToken>();
        var options = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HomeFilter.Admin");
        AdminLog.Serving(logger, options.Listen, token.StoredAt ?? "HomeFilter:Admin:Token");
        if (IsPlainHttpOnNetwork(options.Listen))
        {
            AdminLog.PlainHttpOnNetwork(logger, options.Listen);
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboardFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapSessionEndpoints();
        app.MapHealthEndpoint();
        app.MapHealthEndpoints();
        app.MapSafeguardsEndpoints(app.Services.GetRequiredService<AdminPaths>().DataDirectory);

        // Everything else needs a session or a token; every change needs the admin role (and, from a browser,
        // the antiforgery token): one group, one rule.
        var api = app.MapGroup(string.Empty)
            .RequireAuthorization(AdminClaims.ViewerPolicy)
            .AddEndpointFilter<ChangeGuardFilter>();
        api.MapStatusEndpoints(app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        api.MapResolverEndpoints();
        api.MapRateLimitEndpoints();
        api.MapPolicyEndpoints();
        api.MapQueryLogEndpoints();
        api.MapEvidenceEndpoints();
        api.MapDigestEndpoints();
        api.MapAlertEndpoints();
        api.MapGroupEndpoints();
        api.MapDeviceEndpoints();
        api.MapOverrideEndpoints();
        api.MapListEndpoints();
        api.MapCatalogEndpoints();
        api.MapSettingsEndpoints();
        api.MapAccountEndpoints();
        api.MapAuditEndpoints();
        api.MapBranchEndpoints();
        api.MapHomeFilterMetrics();
        api.MapOpenApi();
        api.MapScalarApiReference("/api/reference", scalar => scalar
            .WithTitle("HomeFilter API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts());
        app.MapFallback("/api/{**rest}", () => ApiProblem.NotFound("no such API endpoint; the reference is at /api/reference")).AllowAnonymous();
        return app;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ||
            context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase) ||
            context.Request.Path.StartsWithSegments(PrometheusMetrics.Path, StringComparison.OrdinalIgnoreCase) ||
            !HttpMethods.IsGet(context.Request.Method))
        {
            return status == StatusCodes.Status401Unauthorized
                ? ApiProblem.WriteUnauthorizedAsync(context.HttpContext)
                : Results.Problem(detail: "this needs the admin role", statusCode: status).ExecuteAsync(context.HttpContext);
        }

        context.Response.Redirect("/");
        return Task.CompletedTask;
    }

    private static bool IsPlainHttpOnNetwork(string listen)
    {
        foreach (var url in listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                continue;
            }

            var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
            if (!loopback)
            {
                return true;
            }
        }

        return false;
    }

    private static DirectoryInfo PrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        var directory = Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }
}
