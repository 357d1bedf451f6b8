using HomeFilter.Resolver.Reload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HomeFilter.Admin.Endpoints;

/// <summary>Every category's lists in the snapshot in force: entries, lines skipped, and what the last build warned about.</summary>
public static class ListEndpoints
{
    public static IEndpointRouteBuilder MapListEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/lists", (RuleSnapshotLoader loader, RuleSnapshotHolder rules) =>
        {
            var snapshot = rules.Current;
            var lists = new List<ListView>();
            foreach (var list in loader.Lists)
            {
                var category = list.Source.Category < snapshot.Categories.Count ? snapshot.Categories[list.Source.Category] : "?";
                var url = list.Source.Name.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || list.Source.Name.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                lists.Add(new ListView(category, list.Source.Name, url ? "url" : "file", list.Report.Entries, list.Report.SkippedTotal, list.DistinctNames, null, WarningFor(loader.Warnings, list.Source.Name)));
            }

            return Results.Ok(lists);
        }).WithSummary("The lists of the policy in force with their entries and state");
        return routes;
    }

    private static string? WarningFor(IReadOnlyList<string> warnings, string source)
    {
        foreach (var warning in warnings)
        {
            if (warning.Contains(source, StringComparison.Ordinal))
            {
                return warning;
            }
        }

        return null;
    }

    public sealed record ListView(string Category, string Source, string Kind, int Entries, int Skipped, int DistinctNames, DateTime? LastSuccessUtc, string? Error);
}
