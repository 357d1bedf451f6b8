using HomeFilter.Branches;
using HomeFilter.Storage.Branches;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeFilter.Admin.Branches;

/// <summary>
/// <c>GET /api/branch/status</c>: this branch's link to the central store, its spool and policy generation.
/// <c>GET /api/branches</c>: every branch that reported, with its health from the age of its last report.
/// </summary>
public static class BranchEndpoints
{
    /// <summary>A branch that has not reported for this long is stale; after <see cref="Lost"/> it is lost.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan Lost = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapBranchEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/branch/status", (IServiceProvider services) =>
            services.GetService<BranchState>() is { } state
                ? Results.Ok(state.Status())
                : ApiProblem.NotFound("this resolver is a single site: set HomeFilter:Branch:Id to make it a branch of a network"));

        routes.MapGet("/api/branches", async (HttpRequest request, IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (services.GetService<IBranchRegistry>() is not { } registry)
            {
                return ApiProblem.NotFound("no branch registry: a branch network needs HomeFilter:Store:Provider=postgres");
            }

            IReadOnlyList<BranchStatus> branches;
            try
            {
                branches = await registry.ListAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return ApiProblem.Status(StatusCodes.Status503ServiceUnavailable, $"the branch registry cannot be reached ({e.Message})");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var only = BranchScope.Of(request);
            var views = new List<BranchView>(branches.Count);
            foreach (var branch in branches)
            {
                if (only is null || string.Equals(branch.Id, only, StringComparison.Ordinal))
                {
                    views.Add(BranchView.From(branch, now));
                }
            }

            return Results.Ok(views);
        });
        return routes;
    }

    /// <summary>One branch in the network view: <see cref="Health"/> is <c>ok</c>, <c>unhealthy</c> (reports it is not ready), <c>stale</c> or <c>lost</c>.</summary>
    public sealed record BranchView(
        string Id,
        string Health,
        DateTime LastContactUtc,
        long SecondsSinceContact,
        long PolicyGeneration,
        long Queries,
        long Blocked,
        long SpoolDepth,
        DateTime? OldestUnsentUtc,
        string? Version)
    {
        public static BranchView From(BranchStatus status, DateTime now)
        {
            var age = now - status.LastContactUtc;
            var health = age > Lost ? "lost" : age > Stale ? "stale" : status.Healthy ? "ok" : "unhealthy";
            return new BranchView(status.Id, health, status.LastContactUtc, (long)Math.Max(0, age.TotalSeconds), status.PolicyGeneration, status.Queries, status.Blocked, status.SpoolDepth, status.OldestUnsentUtc, status.Version);
        }
    }
}
