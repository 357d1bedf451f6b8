using HomeFilter.Rules.Policy.Document;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Takes overrides out of the stored policy once they have ended (at their end, and at start for those that ended while
/// the program was stopped), so the document and the dashboard stay tidy. Filtering never waits for it: an override past
/// its end already does nothing, because the policy is evaluated with the query's time.
/// </summary>
public sealed partial class OverrideExpiryService(RuleSnapshotLoader loader, RuleSnapshotHolder rules, TimeProvider clock, ILogger<OverrideExpiryService> logger) : BackgroundService
{
    /// <summary>Look again at least this often (a new override may end sooner than the one waited for).</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(wait, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Removes the ended overrides once; returns how long to wait before looking again.</summary>
    internal async Task<TimeSpan> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (Ended(rules.Current.Policy.Document, now) > 0)
        {
            var removed = 0;
            var result = await loader.EditAsync(
                document =>
                {
                    removed = document.Overrides.RemoveAll(o => o.TryGetUntil(out var until) && until <= now);
                    return removed > 0;
                },
                cancellationToken).ConfigureAwait(false);
            if (result is { Succeeded: true })
            {
                LogRemoved(logger, removed, result.Generation);
            }
            else if (result is not null)
            {
                LogFailed(logger, result.Errors.Count > 0 ? result.Errors[0].Message : "unknown error");
            }
        }

        var next = NextEnd(rules.Current.Policy.Document, now);
        if (next is null)
        {
            return LongestWait;
        }

        var until = next.Value - now + TimeSpan.FromMilliseconds(50);
        return until < LongestWait ? until : LongestWait;
    }

    private static int Ended(PolicyDocument document, DateTimeOffset now)
    {
        var count = 0;
        foreach (var entry in document.Overrides)
        {
            if (entry.TryGetUntil(out var until) && until <= now)
            {
                count++;
            }
        }

        return count;
    }

    private static DateTimeOffset? NextEnd(PolicyDocument document, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var entry in document.Overrides)
        {
            if (entry.TryGetUntil(out var until) && until > now && (next is null || until < next))
            {
                next = until;
            }
        }

        return next;
    }

    [LoggerMessage(EventId = 270, Level = LogLevel.Information, Message = "{Count} override(s) ended and were taken out of the policy (generation {Generation})")]
    private static partial void LogRemoved(ILogger logger, int count, long generation);

    [LoggerMessage(EventId = 271, Level = LogLevel.Warning, Message = "Ended overrides could not be taken out of the policy: {Error}; they do nothing anyway")]
    private static partial void LogFailed(ILogger logger, string error);
}
