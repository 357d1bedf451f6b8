using HomeFilter.Admin.Policy;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy.Document;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HomeFilter.Admin.Endpoints;

/// <summary>Groups as the dashboard edits them: blocked categories, safe search, block mode, schedules; add and delete.</summary>
public static class GroupEndpoints
{
    public const string DefaultGroup = "default";

    public static IEndpointRouteBuilder MapGroupEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/groups", (RuleSnapshotHolder rules, TimeProvider clock) =>
        {
            var snapshot = rules.Current;
            var document = snapshot.Policy.Document;
            var now = clock.GetUtcNow().UtcDateTime;
            var categories = new List<CategoryView>();
            foreach (var name in snapshot.Categories)
            {
                categories.Add(new CategoryView(name, document.Categories.TryGetValue(name, out var definition) ? definition.Description : name == "bypass" ? "encrypted DNS, VPNs and proxies that would get around the filter" : null));
            }

            var groups = new List<GroupView> { View(DefaultGroup, true, [], document.Default, OverrideViews.ForGroup(document, DefaultGroup, now)) };
            foreach (var group in document.Groups)
            {
                groups.Add(View(group.Name, false, group.Clients, group, OverrideViews.ForGroup(document, group.Name, now)));
            }

            return Results.Ok(new GroupsView(categories, groups));
        }).WithSummary("Every group (and the default rules) with its categories, safe search, block mode, schedules and active overrides");

        routes.MapPut("/api/groups/{name}", (string name, GroupChange body, HttpContext http, PolicyEditor editor, CancellationToken cancellationToken) =>
            editor.EditAsync(http, "group.change", name, document =>
            {
                GroupRules? rules = name == DefaultGroup ? document.Default : document.Groups.Find(g => g.Name == name);
                if (rules is null)
                {
                    return PolicyEdit.Refuse(ApiProblem.NotFound($"no group '{name}'"));
                }

                var before = Rules(rules);
                rules.Block = body.Block ?? [];
                rules.SafeSearch = body.SafeSearch;
                rules.BlockMode = string.IsNullOrWhiteSpace(body.BlockMode) ? null : body.BlockMode;
                rules.Schedules = body.Schedules ?? [];
                return new PolicyEdit(before, Rules(rules));
            }, cancellationToken)).WithSummary("Change a group's categories, safe search, block mode and schedules (\"default\": clients in no group)");

        routes.MapPost("/api/groups", (NewGroup body, HttpContext http, PolicyEditor editor, CancellationToken cancellationToken) =>
            editor.EditAsync(http, "group.create", body.Name, document =>
            {
                var name = body.Name?.Trim() ?? string.Empty;
                if (name.Length == 0 || name == DefaultGroup)
                {
                    return PolicyEdit.Refuse(ApiProblem.BadRequest("the group needs a name other than 'default'"));
                }

                if (document.Groups.Exists(g => g.Name == name))
                {
                    return PolicyEdit.Refuse(ApiProblem.Status(StatusCodes.Status409Conflict, $"the group '{name}' exists"));
                }

                // A new group starts with what the default rules block, so moving a device into it never opens anything up.
                var group = new GroupDefinition { Name = name, Block = [.. document.Default.Block], SafeSearch = document.Default.SafeSearch };
                document.Groups.Add(group);
                return new PolicyEdit(null, Rules(group), Results.Created($"/api/groups/{Uri.EscapeDataString(name)}", Rules(group)));
            }, cancellationToken)).WithSummary("Add a group (it starts with the default rules' categories)");

        routes.MapDelete("/api/groups/{name}", (string name, HttpContext http, PolicyEditor editor, CancellationToken cancellationToken) =>
            editor.EditAsync(http, "group.delete", name, document =>
            {
                var group = document.Groups.Find(g => g.Name == name);
                if (group is null)
                {
                    return PolicyEdit.Refuse(ApiProblem.NotFound($"no group '{name}'"));
                }

                document.Groups.Remove(group);
                OverrideViews.RemoveForGroup(document, name);
                return new PolicyEdit(new { group.Name, group.Clients, rules = Rules(group) }, null, Results.NoContent());
            }, cancellationToken)).WithSummary("Delete a group; its devices fall back to the default rules");
        return routes;
    }

    private static GroupView View(string name, bool isDefault, IReadOnlyList<string> clients, GroupRules rules, IReadOnlyList<OverrideView> overrides) =>
        new(name, isDefault, clients, rules.Block, rules.SafeSearch, rules.BlockMode, rules.Schedules, overrides);

    private static object Rules(GroupRules rules) => new { rules.Block, rules.SafeSearch, rules.BlockMode, rules.Schedules };

    public sealed record CategoryView(string Name, string? Description);

    public sealed record GroupView(string Name, bool IsDefault, IReadOnlyList<string> Clients, IReadOnlyList<string> Block, bool SafeSearch, string? BlockMode, IReadOnlyList<ScheduleDefinition> Schedules, IReadOnlyList<OverrideView> Overrides);

    public sealed record GroupsView(IReadOnlyList<CategoryView> Categories, IReadOnlyList<GroupView> Groups);

    public sealed record GroupChange(List<string>? Block, bool SafeSearch, string? BlockMode, List<ScheduleDefinition>? Schedules);

    public sealed record NewGroup(string? Name);
}
