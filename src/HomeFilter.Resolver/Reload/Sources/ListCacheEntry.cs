using System.Text.Json.Serialization;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>
/// What is known about a cached list copy, stored as <c>&lt;key&gt;.json</c> beside <c>&lt;key&gt;.list</c>: the validators for
/// the next conditional GET, when the server last gave or confirmed it, and the body's size and hash so a copy that does not
/// belong to this metadata (a crash between the two renames) is noticed. <see cref="Entries"/> is what the copy parsed to,
/// for the shrink guard (null in metadata written before it was kept: the copy is counted again when needed).
/// For an archive, <see cref="Bytes"/> is the extracted list's size and <see cref="Sha256"/> the download's hash.
/// </summary>
internal sealed record ListCacheEntry(
    string Url,
    string? ETag,
    DateTimeOffset? LastModified,
    DateTime DownloadedUtc,
    DateTime LastSuccessUtc,
    long Bytes,
    string? Sha256,
    bool Gzip,
    int? Entries = null);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ListCacheEntry))]
internal sealed partial class ListCacheJsonContext : JsonSerializerContext;
