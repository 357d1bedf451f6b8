using System.Collections.Concurrent;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>
/// The state of every downloaded list source, by id: last success, last error, what a guard held back, size, failures
/// and the next refresh. Written by the fetches (at load and by <see cref="ListRefreshService"/>), read by the admin API.
/// </summary>
public sealed class ListSourceStates(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, ListSourceState> _states = new(StringComparer.Ordinal);

    /// <summary>
    /// A new copy was held back (shrunk, empty, an HTML page). Handlers run on the fetching thread and must not throw
    /// or block: an alert is queued, not delivered, here.
    /// </summary>
    public event EventHandler<ListHeldBackEventArgs>? HeldBackRaised;

    /// <summary>Every known source's state.</summary>
    public IReadOnlyList<ListSourceState> All => [.. _states.Values];

    /// <summary>The state of the source with <paramref name="id"/>, or null.</summary>
    public ListSourceState? Get(string id) => _states.TryGetValue(id, out var state) ? state : null;

    /// <summary>The state of <paramref name="source"/>, created empty when it is new.</summary>
    public ListSourceState For(string source)
    {
        var id = ListSourceId.For(source);
        return _states.GetOrAdd(id, static (key, text) => new ListSourceState(key, text), source);
    }

    /// <summary>Records how a fetch of a list ended.</summary>
    public ListSourceState Record(ListDownload download)
    {
        ArgumentNullException.ThrowIfNull(download);
        var now = clock.GetUtcNow().UtcDateTime;
        var bytes = SizeOf(download.LocalPath);
        var updated = Update(download.Url, state => download.Status switch
        {
            // Read from the cache without asking: nothing new is known about the server.
            ListDownloadStatus.Cached => state with { LastStatus = state.LastStatus ?? download.Status, LastSuccessUtc = state.LastSuccessUtc ?? download.LastSuccessUtc, Bytes = bytes },
            ListDownloadStatus.Downloaded => state with { LastStatus = download.Status, LastAttemptUtc = now, LastSuccessUtc = download.LastSuccessUtc, LastError = null, HeldBack = null, Bytes = bytes, ConsecutiveFailures = 0 },
            ListDownloadStatus.NotModified => state with { LastStatus = download.Status, LastAttemptUtc = now, LastSuccessUtc = download.LastSuccessUtc, LastError = null, Bytes = bytes, ConsecutiveFailures = 0 },
            ListDownloadStatus.HeldBack => state with { LastStatus = download.Status, LastAttemptUtc = now, HeldBack = download.Error, HeldBackUtc = now, Bytes = bytes, ConsecutiveFailures = state.ConsecutiveFailures + 1, Failures = state.Failures + 1 },
            _ => state with { LastStatus = download.Status, LastAttemptUtc = now, LastError = download.Error, LastErrorUtc = now, Bytes = bytes, LastSuccessUtc = download.LastSuccessUtc ?? state.LastSuccessUtc, ConsecutiveFailures = state.ConsecutiveFailures + 1, Failures = state.Failures + 1 },
        });

        if (download.Status == ListDownloadStatus.HeldBack)
        {
            HeldBackRaised?.Invoke(this, new ListHeldBackEventArgs(updated.Id, updated.Source, download.Error ?? "held back", now, download.LastSuccessUtc));
        }

        return updated;
    }

    /// <summary>Sets when <paramref name="source"/> is asked again.</summary>
    public void ScheduleNext(string source, DateTime nextUtc) => Update(source, state => state with { NextRefreshUtc = nextUtc });

    /// <summary>Forgets the sources the policy no longer names.</summary>
    public void KeepOnly(IReadOnlySet<string> ids)
    {
        foreach (var id in _states.Keys)
        {
            if (!ids.Contains(id))
            {
                _states.TryRemove(id, out _);
            }
        }
    }

    private ListSourceState Update(string source, Func<ListSourceState, ListSourceState> change)
    {
        var id = ListSourceId.For(source);
        while (true)
        {
            var current = _states.GetOrAdd(id, static (key, text) => new ListSourceState(key, text), source);
            var next = change(current);
            if (_states.TryUpdate(id, next, current))
            {
                return next;
            }
        }
    }

    private static long SizeOf(string? path)
    {
        if (path is null)
        {
            return 0;
        }

        try
        {
            return new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
