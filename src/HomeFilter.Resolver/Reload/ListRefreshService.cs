using HomeFilter.Resolver.Reload.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Refreshes every downloaded list (URL or catalog id) of the policy in force on its own timer: <c>HomeFilter:Lists:RefreshHours</c> ± up to 10 %
/// after a success, and after a failure again in 1 minute, 2, 4 … (never later than the refresh period). Each refresh is
/// a conditional GET: a 304 costs one request and no parse; only a list that really changed rebuilds the rules, and a
/// failed or held-back download keeps the last good copy. <see cref="RefreshAsync"/> and <see cref="RefreshAllAsync"/>
/// do the same at once for the admin API.
/// </summary>
public sealed partial class ListRefreshService(
    RuleSnapshotLoader loader,
    RuleSnapshotHolder holder,
    ListDownloader downloader,
    ListSourceStates states,
    IOptions<ListSourceOptions> options,
    TimeProvider clock,
    ILogger<ListRefreshService> logger) : BackgroundService
{
    /// <summary>How often the due times are looked at; a policy that names a new list is noticed within it too.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    // One refresh at a time, so the timer and an admin's request never fetch the same list twice at once.
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    private TimeSpan Period => TimeSpan.FromHours(Math.Max(0.01, options.Value.RefreshHours));

    /// <summary>Refreshes the source with <paramref name="id"/> now; null when the policy in force names no such source.</summary>
    public async Task<ListSourceState?> RefreshAsync(string id, CancellationToken cancellationToken)
    {
        foreach (var source in Sources(holder.Current))
        {
            if (ListSourceId.For(source) == id)
            {
                if (loader.DownloadUrl(source) is { } url)
                {
                    await RefreshSourcesAsync([url], cancellationToken).ConfigureAwait(false);
                    return states.For(url);
                }

                // A file is read again by a reload; it has no download state.
                await loader.ReloadAsync(cancellationToken).ConfigureAwait(false);
                return new ListSourceState(id, source, LastSuccessUtc: clock.GetUtcNow().UtcDateTime);
            }
        }

        return null;
    }

    /// <summary>Refreshes every downloaded source (URL or catalog id) now, as the timer would, and rebuilds the rules once if any changed.</summary>
    public async Task<IReadOnlyList<ListSourceState>> RefreshAllAsync(CancellationToken cancellationToken)
    {
        var urls = UrlSources(holder.Current);
        await RefreshSourcesAsync(urls, cancellationToken).ConfigureAwait(false);
        var result = new List<ListSourceState>(urls.Count);
        foreach (var url in urls)
        {
            result.Add(states.For(url));
        }

        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var due = new List<string>();
                foreach (var url in UrlSources(holder.Current))
                {
                    var state = states.For(url);
                    var next = state.NextRefreshUtc ?? FirstRefresh(state, now);
                    if (state.NextRefreshUtc is null)
                    {
                        states.ScheduleNext(url, next);
                    }

                    if (next <= now)
                    {
                        due.Add(url);
                    }
                }

                if (due.Count > 0)
                {
                    await RefreshSourcesAsync(due, stoppingToken).ConfigureAwait(false);
                }

                await Task.Delay(Tick, clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The first due time of a source the load just fetched: a period after its copy was given or confirmed, or a
    /// retry soon when the load could not get it.
    /// </summary>
    private DateTime FirstRefresh(ListSourceState state, DateTime now)
    {
        if (state.ConsecutiveFailures > 0 || state.LastSuccessUtc is null)
        {
            return now + RefreshSchedule.AfterFailure(Period, Math.Max(1, state.ConsecutiveFailures));
        }

        return state.LastSuccessUtc.Value + RefreshSchedule.AfterSuccess(Period, Random.Shared.NextDouble());
    }

    private async Task RefreshSourcesAsync(IReadOnlyList<string> urls, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changed = 0;
            foreach (var url in urls)
            {
                var download = await downloader.FetchAsync(url, cancellationToken).ConfigureAwait(false);
                var state = states.Record(download);
                var now = clock.GetUtcNow().UtcDateTime;
                var succeeded = download.Status is ListDownloadStatus.Downloaded or ListDownloadStatus.NotModified;
                var wait = succeeded
                    ? RefreshSchedule.AfterSuccess(Period, Random.Shared.NextDouble())
                    : RefreshSchedule.AfterFailure(Period, state.ConsecutiveFailures);
                states.ScheduleNext(url, now + wait);
                if (download.Status == ListDownloadStatus.Downloaded)
                {
                    changed++;
                }
                else if (!succeeded)
                {
                    LogRetry(logger, url, state.ConsecutiveFailures, wait.TotalMinutes);
                }
            }

            // Only a new copy is worth a rebuild; a 304 or a failure leaves the rules as they are.
            if (changed > 0)
            {
                await loader.ReloadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>The download URLs of the snapshot's sources: URLs as written, catalog ids as their entries name them.</summary>
    private List<string> UrlSources(RuleSnapshot snapshot)
    {
        var urls = new List<string>();
        foreach (var source in Sources(snapshot))
        {
            if (loader.DownloadUrl(source) is { } url && !urls.Contains(url))
            {
                urls.Add(url);
            }
        }

        return urls;
    }

    /// <summary>The distinct sources of the snapshot in force, as the policy names them, including lists it could not load.</summary>
    private static List<string> Sources(RuleSnapshot snapshot)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var source in snapshot.Sources)
        {
            if (seen.Add(source.Name))
            {
                result.Add(source.Name);
            }
        }

        foreach (var missing in snapshot.MissingSources)
        {
            if (seen.Add(missing.Source))
            {
                result.Add(missing.Source);
            }
        }

        return result;
    }

    [LoggerMessage(EventId = 345, Level = LogLevel.Information, Message = "List {Url}: {Failures} failed fetches in a row, trying again in {Minutes:F0} min")]
    private static partial void LogRetry(ILogger logger, string url, int failures, double minutes);
}
