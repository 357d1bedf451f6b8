using HomeFilter.Admin.Policy;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Lists.Catalog;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HomeFilter.Admin.Endpoints;

/// <summary>
/// The list catalog as the dashboard's lists page uses it: every public list with where the policy uses it, choosing a
/// category's catalog lists, and applying a preset. Sources that are not catalog ids (files, URLs) are never touched.
/// </summary>
public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/lists/catalog", (RuleSnapshotLoader loader, RuleSnapshotHolder rules) =>
        {
            var document = rules.Current.Policy.Document;
            var lists = new List<CatalogListView>(loader.Catalog.Lists.Count);
            foreach (var list in loader.Catalog.Lists)
            {
                var usedIn = new List<string>();
                foreach (var (category, definition) in document.Categories)
                {
                    if (definition.Sources.Contains(list.Id))
                    {
                        usedIn.Add(category);
                    }
                }

                lists.Add(new CatalogListView(list.Id, list.Category, list.Name, list.Url, list.Format, list.Compression, list.Licence, list.Homepage, list.Description, list.ApproximateEntries, list.SizeMeasured, list.Notes, usedIn));
            }

            var presets = new List<CatalogPresetView>(loader.Catalog.Presets.Count);
            foreach (var preset in loader.Catalog.Presets)
            {
                presets.Add(new CatalogPresetView(preset.Id, preset.Name, preset.Description, preset.Categories, preset.Block));
            }

            return Results.Ok(new CatalogView(lists, presets));
        }).WithSummary("The public lists HomeFilter knows by id, where the policy uses each, and the presets");

        routes.MapPut("/api/lists/catalog/{category}", (string category, CategoryChoice body, HttpContext http, RuleSnapshotLoader loader, PolicyEditor editor, CancellationToken cancellationToken) =>
            editor.EditAsync(http, "category.lists", category, document =>
            {
                var ids = body.Lists ?? [];
                foreach (var id in ids)
                {
                    if (!loader.Catalog.TryGet(id, out _))
                    {
                        return PolicyEdit.Refuse(ApiProblem.BadRequest($"'{id}' is not in the list catalog"));
                    }
                }

                document.Categories.TryGetValue(category, out var definition);
                var before = definition is null ? null : new { definition.Sources, definition.Description };
                definition = Choose(document, category, ids, loader.Catalog, body.Description);
                return new PolicyEdit(before, definition is null ? null : new { definition.Sources, definition.Description });
            }, cancellationToken)).WithSummary("Make a category's catalog lists exactly these (its files and URLs stay); a category left with no list is removed");

        routes.MapPost("/api/lists/presets/{id}/apply", (string id, HttpContext http, RuleSnapshotLoader loader, PolicyEditor editor, CancellationToken cancellationToken) =>
            editor.EditAsync(http, "preset.apply", id, document =>
            {
                var preset = loader.Catalog.Preset(id);
                if (preset is null)
                {
                    return PolicyEdit.Refuse(ApiProblem.NotFound($"no preset '{id}'"));
                }

                var before = new { categories = Sources(document), block = new List<string>(document.Default.Block) };
                foreach (var (category, ids) in preset.Categories)
                {
                    Choose(document, category, ids, loader.Catalog, null);
                }

                // A preset only ever adds blocks: applying it never opens up what the default rules already block.
                foreach (var category in preset.Block)
                {
                    if (!document.Default.Block.Contains(category))
                    {
                        document.Default.Block.Add(category);
                    }
                }

                return new PolicyEdit(before, new { categories = Sources(document), block = document.Default.Block });
            }, cancellationToken)).WithSummary("Fill the preset's categories with its lists and block its categories for clients in no group");
        return routes;
    }

    /// <summary>Replaces the catalog ids among a category's sources with <paramref name="ids"/>; null when the category is gone.</summary>
    private static CategoryDefinition? Choose(PolicyDocument document, string category, IReadOnlyList<string> ids, ListCatalog catalog, string? description)
    {
        if (!document.Categories.TryGetValue(category, out var definition))
        {
            definition = new CategoryDefinition();
        }

        var sources = new List<string>();
        foreach (var source in definition.Sources)
        {
            if (!(ListCatalog.IsId(source) && catalog.TryGet(source, out _)))
            {
                sources.Add(source);
            }
        }

        foreach (var id in ids)
        {
            if (!sources.Contains(id))
            {
                sources.Add(id);
            }
        }

        definition.Sources = sources;
        if (!string.IsNullOrWhiteSpace(description))
        {
            definition.Description = description.Trim();
        }

        if (sources.Count == 0 && category != PolicyCompiler.BypassCategory)
        {
            document.Categories.Remove(category);
            return null;
        }

        document.Categories[category] = definition;
        return definition;
    }

    private static Dictionary<string, List<string>> Sources(PolicyDocument document)
    {
        var sources = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (category, definition) in document.Categories)
        {
            sources[category] = [.. definition.Sources];
        }

        return sources;
    }

    public sealed record CatalogListView(string Id, string Category, string Name, string Url, string Format, string Compression, string Licence, string Homepage, string Description, int ApproximateEntries, bool SizeMeasured, string? Notes, IReadOnlyList<string> UsedIn);

    public sealed record CatalogPresetView(string Id, string Name, string Description, IReadOnlyDictionary<string, List<string>> Categories, IReadOnlyList<string> Block);

    public sealed record CatalogView(IReadOnlyList<CatalogListView> Lists, IReadOnlyList<CatalogPresetView> Presets);

    public sealed record CategoryChoice(List<string>? Lists, string? Description);
}
