using HomeFilter.Rules.Lists.Catalog;

namespace HomeFilter.Resolver.Reload;

/// <summary>The list catalog beside the bundled lists (<c>blocklists/catalog.json</c>), read once per builder.</summary>
internal sealed class BundledCatalog
{
    private BundledCatalog(ListCatalog catalog, string? error)
    {
        Catalog = catalog;
        Error = error;
    }

    public ListCatalog Catalog { get; }

    /// <summary>Why the catalog could not be read (its ids then resolve to nothing), or null.</summary>
    public string? Error { get; }

    public static string PathIn(string bundledListsFolder) => Path.Combine(bundledListsFolder, ListCatalog.FileName);

    public static BundledCatalog Load(string bundledListsFolder)
    {
        var path = PathIn(bundledListsFolder);
        var catalog = ListCatalog.Load(path, out var error);
        return new BundledCatalog(catalog ?? ListCatalog.Empty, error is null ? null : $"the list catalog {path} cannot be used: {error}");
    }
}
