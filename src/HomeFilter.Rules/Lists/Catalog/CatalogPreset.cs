namespace HomeFilter.Rules.Lists.Catalog;

/// <summary>A ready choice of lists per category (and of categories blocked for clients in no group), e.g. "family".</summary>
public sealed class CatalogPreset
{
    /// <summary>The preset's id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Its display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Who it is for.</summary>
    public string Description { get; set; } = "";

    /// <summary>Category → the catalog ids that make it up.</summary>
    public Dictionary<string, List<string>> Categories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Categories blocked for clients in no group.</summary>
    public List<string> Block { get; set; } = [];
}
