namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>How a list fetch ended; every value but <see cref="Failed"/> comes with a usable local copy.</summary>
public enum ListDownloadStatus
{
    /// <summary>A new copy was downloaded, checked and stored.</summary>
    Downloaded,

    /// <summary>The server said the cached copy is current (HTTP 304).</summary>
    NotModified,

    /// <summary>The cached copy is younger than <see cref="ListSourceOptions.RefreshHours"/>, so the server was not asked.</summary>
    Cached,

    /// <summary>The fetch failed; the last good copy is used.</summary>
    FailedUsingCached,

    /// <summary>The fetch failed and there is no copy at all.</summary>
    Failed,

    /// <summary>
    /// A new copy arrived but a guard held it back (it shrank to less than half, parses to nothing, or is an HTML
    /// page); the last good copy is used and the reason is in <see cref="ListDownload.Error"/>.
    /// </summary>
    HeldBack,
}
