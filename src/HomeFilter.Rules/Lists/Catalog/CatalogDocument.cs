using System.Text.Json.Serialization;

namespace HomeFilter.Rules.Lists.Catalog;

/// <summary>The shape of <c>blocklists/catalog.json</c> as read from disk (checked by <see cref="ListCatalog.Read"/>).</summary>
public sealed class CatalogDocument
{
    /// <summary>The schema reference editors use; ignored.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    /// <summary>The format version; 1.</summary>
    public int Version { get; set; }

    /// <summary>When the entries were last checked.</summary>
    public string? Reviewed { get; set; }

    /// <summary>A note on how sizes were measured.</summary>
    public string? Note { get; set; }

    /// <summary>The lists.</summary>
    public List<CatalogList> Lists { get; set; } = [];

    /// <summary>The presets.</summary>
    public List<CatalogPreset> Presets { get; set; } = [];
}

/// <summary>
/// System.Text.Json metadata for the catalog (camelCase; unknown properties are errors; null where the model has no
/// nullable property is an error too, so a checked catalog holds no null but in the nullable properties; null items
/// inside arrays and maps are left to <see cref="ListCatalog.Read"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CatalogDocument))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
