using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Upstream;

/// <summary>Upstream log events. Per-query events are Debug; state changes of an upstream, and the loss of every upstream, are Warning.</summary>
internal static partial class UpstreamLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning,
        Message = "Upstream {Upstream} is down after {Failures} consecutive failures (last: {Error}); next probe in {BackoffMs} ms")]
    public static partial void WentDown(ILogger logger, string upstream, int failures, string error, int backoffMs);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Upstream {Upstream} answers again and is back in use")]
    public static partial void CameBack(ILogger logger, string upstream);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Upstream {Upstream} is still down ({Error}); next probe in {BackoffMs} ms")]
    public static partial void ProbeFailed(ILogger logger, string upstream, string error, int backoffMs);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "Upstream {Upstream} timed out after {TimeoutMs} ms")]
    public static partial void TimedOut(ILogger logger, string upstream, int timeoutMs);

    [LoggerMessage(EventId = 304, Level = LogLevel.Debug, Message = "Upstream {Upstream} failed: {Error}")]
    public static partial void Failed(ILogger logger, string upstream, string error);

    [LoggerMessage(EventId = 305, Level = LogLevel.Debug, Message = "Ignored a message from upstream {Upstream}: {Reason}")]
    public static partial void Mismatch(ILogger logger, string upstream, AnswerCheck reason);

    [LoggerMessage(EventId = 306, Level = LogLevel.Debug, Message = "Upstream {Upstream} truncated its UDP answer; retrying over TCP")]
    public static partial void Truncated(ILogger logger, string upstream);

    [LoggerMessage(EventId = 307, Level = LogLevel.Debug, Message = "Upstream {Upstream} answered rcode {Rcode}; trying the next one")]
    public static partial void ErrorAnswer(ILogger logger, string upstream, int rcode);

    [LoggerMessage(EventId = 308, Level = LogLevel.Debug, Message = "No upstream answered within {DeadlineMs} ms")]
    public static partial void AllFailed(ILogger logger, int deadlineMs);

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning,
        Message = "No upstream reachable: {Upstreams} ({Cause} within {DeadlineMs} ms); queries get SERVFAIL (or a stale cached answer) until one answers. Check the network and HomeFilter:Dns:Upstreams")]
    public static partial void NoneReachable(ILogger logger, string upstreams, string cause, int deadlineMs);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Upstreams reachable again: {Upstream} answered")]
    public static partial void ReachableAgain(ILogger logger, string upstream);

    [LoggerMessage(EventId = 309, Level = LogLevel.Warning,
        Message = "TLS certificate checks are off for upstreams (UpstreamTlsValidateCertificate=false): anyone on the path can read and change answers")]
    public static partial void TlsValidationDisabled(ILogger logger);
}
