using HomeFilter.Rules.Lists.Catalog;

namespace HomeFilter.Fuzz.Targets;

/// <summary>The list catalog (<c>blocklists/catalog.json</c>): a broken one is null with a reason, never an exception.</summary>
internal static class CatalogTarget
{
    public static void Run(byte[] input)
    {
        var catalog = ListCatalog.Read(new MemoryStream(input), out var error);
        FuzzFailure.Unless((catalog is null) == (error is not null), "a catalog and an error together, or neither");
        if (catalog is null)
        {
            return;
        }

        foreach (var list in catalog.Lists)
        {
            FuzzFailure.Unless(catalog.TryGet(list.Id, out _), $"entry '{list.Id}' is not found by its id");
        }

        foreach (var preset in catalog.Presets)
        {
            _ = catalog.Preset(preset.Id);
        }
    }
}
