using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using HomeFilter.Admin.Policy;
using HomeFilter.Resolver.Reload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HomeFilter.Admin.Endpoints;

/// <summary>
/// Overrides that end by themselves: pause filtering for a device, allow a site for a device (a reward), block
/// everything for a device or a group (dinner time). Each lives in the policy with its end time, so it survives a
/// restart and is ignored once past; every one is in the audit log and named as the reason in the query log.
/// </summary>
public static class OverrideEndpoints
{
    /// <summary>A day at most: an override is for now, a standing rule belongs in the group or a schedule.</summary>
    public const double MaxMinutes = 24 * 60;

    /// <summary>Three seconds at least (fractions of a minute are for automation and tests).</summary>
    public const double MinMinutes = 0.05;

    public static IEndpointRouteBuilder MapOverrideEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/overrides", (RuleSnapshotHolder rules, TimeProvider clock) =>
            Results.Ok(OverrideViews.Active(rules.Current.Policy.Document, clock.GetUtcNow().UtcDateTime, _ => true)))
            .WithSummary("The overrides in force, each with its end time");

        routes.MapPost("/api/overrides", (NewOverride body, HttpContext http, PolicyEditor editor, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (body.Kind is not ("pause" or "allow" or "blockAll"))
            {
                return Task.FromResult(ApiProblem.BadRequest("kind must be pause, allow or blockAll"));
            }

            if ((body.Client is null) == (body.Group is null))
            {
                return Task.FromResult(ApiProblem.BadRequest("give either client (an address) or group"));
            }

            if (body.Client is not null && !IPAddress.TryParse(body.Client, out _))
            {
                return Task.FromResult(ApiProblem.BadRequest("client must be an IP address"));
            }

            if (body.Minutes is not (>= MinMinutes and <= MaxMinutes))
            {
                return Task.FromResult(ApiProblem.BadRequest(string.Create(CultureInfo.InvariantCulture, $"minutes must be {MinMinutes} to {MaxMinutes}")));
            }

            if (body.Kind == "allow" ? body.Names is not { Count: > 0 } : body.Names is { Count: > 0 })
            {
                return Task.FromResult(ApiProblem.BadRequest("names are needed for allow, and only for allow"));
            }

            var until = clock.GetUtcNow().AddMinutes(body.Minutes.Value);
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            var target = body.Client ?? body.Group;
            return editor.EditAsync(http, "override.add", target, document =>
            {
                if (body.Group is not null && body.Group != GroupEndpoints.DefaultGroup && !document.Groups.Exists(g => g.Name == body.Group))
                {
                    return PolicyEdit.Refuse(ApiProblem.NotFound($"no group '{body.Group}'"));
                }

                var entry = OverrideDocument.Create(id, body.Kind, body.Client, body.Group, body.Names, until, body.Note);
                document.Overrides.Add(entry);
                var view = new OverrideView(id, body.Kind, body.Client, body.Group, body.Names ?? [], until.UtcDateTime, body.Note);
                return new PolicyEdit(null, view, Results.Created($"/api/overrides/{id}", view));
            }, cancellationToken);
        }).WithSummary("Add an override that ends by itself after the given minutes");

        routes.MapDelete("/api/overrides/{id}", (string id, HttpContext http, PolicyEditor editor, CancellationToken cancellationToken) =>
            editor.EditAsync(http, "override.end", id, document =>
            {
                var entry = document.Overrides.Find(o => o.Id == id);
                if (entry is null)
                {
                    return PolicyEdit.Refuse(ApiProblem.NotFound($"no override '{id}'"));
                }

                document.Overrides.Remove(entry);
                return new PolicyEdit(new OverrideView(id, entry.Kind, entry.Client, entry.Group, entry.Names ?? [], OverrideViews.UntilUtc(entry), entry.Note), null, Results.NoContent());
            }, cancellationToken)).WithSummary("End an override now");
        return routes;
    }

    public sealed record NewOverride(string? Kind, string? Client, string? Group, List<string>? Names, double? Minutes, string? Note);
}
