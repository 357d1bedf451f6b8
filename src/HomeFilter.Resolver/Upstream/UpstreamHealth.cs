namespace HomeFilter.Resolver.Upstream;

/// <summary>A point-in-time view of one upstream, for the admin API and the logs.</summary>
/// <param name="Upstream">The entry as configured.</param>
/// <param name="Protocol">How it is reached.</param>
/// <param name="State">Healthy (answered, not down), down, or unknown (no answer yet).</param>
/// <param name="LatencyMs">Recent answer time (exponentially weighted; timeouts count as the timeout), or null before the first answer.</param>
/// <param name="Successes">Attempts that brought an answer.</param>
/// <param name="Failures">Attempts that failed with an error (network, TLS, HTTP, REFUSED), timeouts not included.</param>
/// <param name="Timeouts">Attempts that got no answer in time.</param>
/// <param name="MismatchedAnswers">Messages ignored because their source, ID or question did not match the query (forgeries or late answers).</param>
/// <param name="ConsecutiveFailures">Failures and timeouts since the last answer.</param>
/// <param name="LastError">What went wrong last, or null.</param>
/// <param name="LastErrorAt">When it went wrong.</param>
/// <param name="DownSince">When it was marked down, while it is down.</param>
/// <param name="NextProbeAt">When a real query will next probe it, while it is down.</param>
public sealed record UpstreamHealth(
    string Upstream,
    UpstreamProtocol Protocol,
    UpstreamState State,
    double? LatencyMs,
    long Successes,
    long Failures,
    long Timeouts,
    long MismatchedAnswers,
    int ConsecutiveFailures,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? DownSince,
    DateTimeOffset? NextProbeAt);
