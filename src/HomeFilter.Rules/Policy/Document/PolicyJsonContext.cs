using System.Text.Json.Serialization;

namespace HomeFilter.Rules.Policy.Document;

/// <summary>System.Text.Json metadata for the policy document (camelCase, comments and trailing commas allowed).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PolicyDocument))]
public sealed partial class PolicyJsonContext : JsonSerializerContext;
