namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>What is known of one downloaded list source, as <c>GET /api/lists</c> shows it. Immutable: each change is a new value.</summary>
/// <param name="Id">The source's id (<see cref="ListSourceId"/>).</param>
/// <param name="Source">The source as the policy names it.</param>
/// <param name="LastStatus">How the last fetch ended; null before the first.</param>
/// <param name="LastAttemptUtc">When the server was last asked (or the cache read at start).</param>
/// <param name="LastSuccessUtc">When the server last gave or confirmed the copy in force.</param>
/// <param name="LastError">Why the last fetch failed; null once one succeeds.</param>
/// <param name="LastErrorUtc">When it failed.</param>
/// <param name="HeldBack">Why the last new copy was held back by a guard (the last good copy stays); null once a copy is applied.</param>
/// <param name="HeldBackUtc">When it was held back.</param>
/// <param name="Bytes">Size of the local copy in force.</param>
/// <param name="ConsecutiveFailures">Failed or held-back fetches since the last success: the retry back-off grows with it.</param>
/// <param name="Failures">Failed or held-back fetches since the start.</param>
/// <param name="NextRefreshUtc">When the source is asked again.</param>
public sealed record ListSourceState(
    string Id,
    string Source,
    ListDownloadStatus? LastStatus = null,
    DateTime? LastAttemptUtc = null,
    DateTime? LastSuccessUtc = null,
    string? LastError = null,
    DateTime? LastErrorUtc = null,
    string? HeldBack = null,
    DateTime? HeldBackUtc = null,
    long Bytes = 0,
    int ConsecutiveFailures = 0,
    long Failures = 0,
    DateTime? NextRefreshUtc = null);
