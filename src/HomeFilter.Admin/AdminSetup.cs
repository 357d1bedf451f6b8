using System.Text.Json;
using System.Text.Json.Serialization;
using HomeFilter.Admin.Endpoints;
using HomeFilter.Admin.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Admin;

/// <summary>Wires the admin API into a web application: options, token, Kestrel address, middleware and endpoints.</summary>
public static class AdminSetup
{
    /// <summary>Registers the admin services and tells Kestrel where to listen (loopback unless configured).</summary>
    public static WebApplicationBuilder AddHomeFilterAdmin(this WebApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(AdminOptions.Section);
        builder.Services.Configure<AdminOptions>(section);
        var options = section.Get<AdminOptions>() ?? new AdminOptions();
        builder.Services.AddSingleton(_ => AdminToken.Resolve(options.Token, dataDirectory));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.WebHost.UseUrls(options.Listen);
        return builder;
    }

    /// <summary>Adds authentication and every endpoint. Call once, after <c>Build()</c>.</summary>
    public static WebApplication MapHomeFilterAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var token = app.Services.GetRequiredService<AdminToken>();
        var options = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HomeFilter.Admin");
        AdminLog.Serving(logger, options.Listen, token.StoredAt ?? "HomeFilter:Admin:Token");
        app.UseMiddleware<BearerTokenMiddleware>();
        app.MapStatusEndpoints(app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        app.MapResolverEndpoints();
        app.MapPolicyEndpoints();
        app.MapQueryLogEndpoints();
        app.MapEvidenceEndpoints();
        app.MapDigestEndpoints();
        app.MapAlertEndpoints();
        return app;
    }
}
