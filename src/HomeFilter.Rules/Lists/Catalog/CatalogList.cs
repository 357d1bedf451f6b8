namespace HomeFilter.Rules.Lists.Catalog;

/// <summary>One public list the catalog knows by <see cref="Id"/>: where it comes from, what it blocks, its licence and rough size.</summary>
public sealed class CatalogList
{
    /// <summary>The stable id a policy source may name instead of the URL.</summary>
    public string Id { get; set; } = "";

    /// <summary>The policy category it belongs in.</summary>
    public string Category { get; set; } = "";

    /// <summary>What people call the list.</summary>
    public string Name { get; set; } = "";

    /// <summary>Where it is downloaded from.</summary>
    public string Url { get; set; } = "";

    /// <summary>The line format: hosts, plain, wildcard or adblock.</summary>
    public string Format { get; set; } = "";

    /// <summary>none, gzip or tar.gz (an archive whose <c>*/domains</c> member is the list).</summary>
    public string Compression { get; set; } = "none";

    /// <summary>SPDX identifier of the list's licence.</summary>
    public string Licence { get; set; } = "";

    /// <summary>The maintainers' page.</summary>
    public string Homepage { get; set; } = "";

    /// <summary>One line: what it blocks.</summary>
    public string Description { get; set; } = "";

    /// <summary>Entries counted on a recent copy (an estimate when <see cref="SizeMeasured"/> is false).</summary>
    public int ApproximateEntries { get; set; }

    /// <summary>False when <see cref="ApproximateEntries"/> is an estimate.</summary>
    public bool SizeMeasured { get; set; }

    /// <summary>What to know before using it, or null.</summary>
    public string? Notes { get; set; }
}
