using HomeFilter.Branches.Policy;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy.Document;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HomeFilter.Admin.Branches;

/// <summary><c>GET /safeguards</c> (this resolver's branch or site) and <c>GET /safeguards/{branch}</c> (any branch of the network): public, rate-limited.</summary>
public static class SafeguardsEndpoints
{
    public const string RateLimit = "public";

    public static IEndpointRouteBuilder MapSafeguardsEndpoints(this IEndpointRouteBuilder routes, string dataDirectory)
    {
        var since = new SafeguardsSince(Path.Combine(dataDirectory, "safeguards-since"));
        routes.MapGet("/safeguards", (IServiceProvider services, TimeProvider clock) =>
            Page(services, clock, since, services.GetRequiredService<IOptions<PolicyOptions>>().Value.Branch))
            .AllowAnonymous().RequireRateLimiting(RateLimit).WithSummary("The public safeguards page (HTML, no login)");
        routes.MapGet("/safeguards/{branch}", (string branch, IServiceProvider services, TimeProvider clock) =>
        {
            var loader = services.GetRequiredService<RuleSnapshotLoader>();
            return PolicyDocuments.FindBranch(loader.Document, branch) is null
                ? Results.Content("<!doctype html><title>Not found</title><p>There is no such branch.</p>", "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
                : Page(services, clock, since, branch);
        }).AllowAnonymous().RequireRateLimiting(RateLimit).WithSummary("The public safeguards page (HTML, no login)");
        return routes;
    }

    private static IResult Page(IServiceProvider services, TimeProvider clock, SafeguardsSince since, string? branch)
    {
        var loader = services.GetRequiredService<RuleSnapshotLoader>();
        var compiled = PolicyDocuments.ForBranch(loader.Document, branch);
        var changed = services.GetService<BranchPolicyService>()?.ChangedUtc
            ?? (File.Exists(loader.PolicyPath) ? File.GetLastWriteTimeUtc(loader.PolicyPath) : clock.GetUtcNow().UtcDateTime);
        var at = since.Since(branch ?? "", SafeguardsPage.Summary(compiled), changed);
        return Results.Content(SafeguardsPage.Render(compiled, branch, at), "text/html; charset=utf-8");
    }
}
