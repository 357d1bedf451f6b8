using HomeFilter.Resolver.QueryLog;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.Evidence;

/// <summary>
/// Whose rows and when: a client or a group (or both), and a UTC range (from inclusive, to exclusive); on a branch
/// network, optionally one branch's rows (left out of the manifest when not set, so a single site's is unchanged).
/// </summary>
public sealed record EvidenceRequest(
    string? Client,
    string? Group,
    DateTime FromUtc,
    DateTime ToUtc,
    string? Device = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Branch = null);

/// <summary>What manifest.json holds.</summary>
public sealed record EvidenceManifest(
    string Format,
    DateTime CreatedUtc,
    EvidenceRequest Request,
    long Rows,
    long PolicyGeneration,
    IReadOnlyDictionary<string, string> Sha256,
    string ChainHead,
    string Algorithm,
    IReadOnlyList<QueryLogGap>? Gaps = null);

/// <summary>The outcome of a verification: every problem found (none: the export is as it was made).</summary>
public sealed record EvidenceVerification(bool Valid, long Rows, IReadOnlyList<string> Problems);
