namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// Settings of the upstream resolvers, bound from <c>HomeFilter:Dns</c> (beside the listener settings).
/// Fixed for the life of the process; an invalid value stops the start with a message naming it.
/// </summary>
public sealed class UpstreamOptions
{
    public const string Section = "HomeFilter:Dns";

    /// <summary>
    /// Quad9 (9.9.9.9 and 149.112.112.112): a non-logging public resolver that validates DNSSEC and also
    /// refuses to resolve known malware and phishing domains, a good default for a filtering resolver.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultUpstreams = ["9.9.9.9:53", "149.112.112.112:53"];

    /// <summary>Upstream resolvers (see <see cref="UpstreamAddress"/> for the forms). Empty means <see cref="DefaultUpstreams"/>.</summary>
    public List<string> Upstreams { get; set; } = [];

    /// <summary>How long one attempt at one upstream may take.</summary>
    public int UpstreamTimeoutMs { get; set; } = 2_000;

    /// <summary>How long a query may take over all its attempts (fallbacks included) before it fails with SERVFAIL.</summary>
    public int UpstreamDeadlineMs { get; set; } = 4_000;

    /// <summary>Which healthy upstream is tried first.</summary>
    public UpstreamSelection UpstreamSelection { get; set; } = UpstreamSelection.Fastest;

    /// <summary>Consecutive failures (errors, timeouts, REFUSED) after which an upstream is marked down.</summary>
    public int UpstreamFailuresBeforeDown { get; set; } = 3;

    /// <summary>How long a down upstream rests before one real query probes it; doubles after each failed probe.</summary>
    public int UpstreamRetryBackoffMs { get; set; } = 5_000;

    /// <summary>The longest rest between probes of a down upstream.</summary>
    public int UpstreamMaxRetryBackoffMs { get; set; } = 60_000;

    /// <summary>Check DNS-over-TLS/HTTPS certificates against the system's trusted roots and the server name.</summary>
    public bool UpstreamTlsValidateCertificate { get; set; } = true;

    /// <summary>
    /// SHA-256 hashes of the public keys (SubjectPublicKeyInfo) that TLS upstreams may present, base64 (RFC 7469,
    /// as stubby's tls_pubkey_pinset) or hex. When set, a certificate is accepted only if its key is listed, and
    /// then even when it is self-signed or has another name. Applies to every TLS and HTTPS upstream.
    /// </summary>
    public List<string> UpstreamTlsPinnedSpkiSha256 { get; set; } = [];

    /// <summary>Open connections per TCP, TLS or HTTPS upstream, idle ones not counted (one query per connection at a time).</summary>
    public int UpstreamMaxConnections { get; set; } = 32;

    /// <summary>Idle connections kept open per TCP or TLS upstream for the next queries.</summary>
    public int UpstreamIdleConnections { get; set; } = 4;

    /// <summary>An idle connection unused for longer than this is closed instead of reused (servers close theirs too).</summary>
    public int UpstreamConnectionIdleTimeoutMs { get; set; } = 10_000;

    /// <summary>The upstream list with its default applied.</summary>
    public IReadOnlyList<string> EffectiveUpstreams => Upstreams.Count > 0 ? Upstreams : DefaultUpstreams;
}
