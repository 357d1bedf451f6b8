using HomeFilter.Resolver.QueryLog;
using HomeFilter.Storage.QueryLog;

namespace HomeFilter.Monitoring.Evidence;

/// <summary>Whose rows and when: a client or a group (or both), and a UTC range (from inclusive, to exclusive).</summary>
public sealed record EvidenceRequest(string? Client, string? Group, DateTime FromUtc, DateTime ToUtc, string? Device = null);

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
