using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Tests.Security;

/// <summary>Every route the running admin serves, read from its endpoint data source, so a new endpoint cannot escape these tests.</summary>
internal static partial class EndpointInventory
{
    /// <summary>Open without a session by design: liveness and readiness, who-am-I, set-up and login, and the 404 for unknown API paths.</summary>
    public static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal)
    {
        "GET /healthz", "GET /health/live", "GET /health/ready", "GET /api/session", "POST /api/setup", "POST /api/login",
        "GET /safeguards", "GET /safeguards/{branch}",
    };

    public static IReadOnlyList<(string Method, string Path, string Key)> All(IServiceProvider services)
    {
        var result = new List<(string, string, string)>();
        foreach (var source in services.GetServices<EndpointDataSource>())
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
                if (pattern.Contains("**", StringComparison.Ordinal))
                {
                    continue;
                }

                var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                foreach (var method in methods)
                {
                    var path = Parameter().Replace(pattern, m => m.Value.Contains("documentName", StringComparison.Ordinal) ? "v1" : "1");
                    result.Add((method, path, $"{method} {pattern}"));
                }
            }
        }

        return result;
    }

    public static bool IsAnonymous(string key) => Anonymous.Contains(key);

    /// <summary>The API reference page's own script and icon: static files like the dashboard's, holding no data.</summary>
    public static bool IsStaticAsset(string path) =>
        path.StartsWith("/api/reference/", StringComparison.Ordinal) && (path.EndsWith(".js", StringComparison.Ordinal) || path.EndsWith(".svg", StringComparison.Ordinal));

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
