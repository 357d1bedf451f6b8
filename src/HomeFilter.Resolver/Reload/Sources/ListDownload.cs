namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>
/// The outcome of fetching one list URL.
/// </summary>
/// <param name="Url">The URL asked for.</param>
/// <param name="LocalPath">The local copy to load, or null when there is none (<see cref="ListDownloadStatus.Failed"/>).</param>
/// <param name="Status">How the fetch ended.</param>
/// <param name="Error">Why the fetch failed, in words; null on success.</param>
/// <param name="LastSuccessUtc">When the server last gave or confirmed the local copy; null when there is none.</param>
/// <param name="Gzip">The local copy is gzip-compressed, so the loader must open it through a <see cref="System.IO.Compression.GZipStream"/>.</param>
public sealed record ListDownload(string Url, string? LocalPath, ListDownloadStatus Status, string? Error, DateTime? LastSuccessUtc, bool Gzip = false)
{
    /// <summary>There is a local copy to load (possibly an older one).</summary>
    public bool HasCopy => LocalPath is not null;
}
