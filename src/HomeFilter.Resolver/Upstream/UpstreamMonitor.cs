using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Upstream;

/// <summary>Where the exchanges of one upstream report what they ignore: the health view, the metrics and the log.</summary>
internal sealed class UpstreamMonitor(UpstreamAddress address, UpstreamHealthTracker health, ILogger logger)
{
    /// <summary>The metrics tag, built once so recording a measurement allocates nothing.</summary>
    public KeyValuePair<string, object?> Tag { get; } = new("upstream", address.Text);

    public UpstreamAddress Address => address;

    public UpstreamHealthTracker Health => health;

    public ILogger Logger => logger;

    public void Mismatch(AnswerCheck reason)
    {
        health.RecordMismatch();
        UpstreamMetrics.Mismatches.Add(1, Tag);
        UpstreamLog.Mismatch(logger, address.Text, reason);
    }
}
