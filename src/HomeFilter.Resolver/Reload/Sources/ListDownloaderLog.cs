using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Reload.Sources;

/// <summary>Source-generated log messages of <see cref="ListDownloader"/>.</summary>
internal static partial class ListDownloaderLog
{
    [LoggerMessage(EventId = 340, Level = LogLevel.Information, Message = "Downloaded list {Url}: {Bytes} bytes in {Milliseconds} ms")]
    public static partial void Downloaded(ILogger logger, string url, long bytes, long milliseconds);

    [LoggerMessage(EventId = 341, Level = LogLevel.Debug, Message = "List {Url} not modified since {LastSuccessUtc:u}")]
    public static partial void NotModified(ILogger logger, string url, DateTime lastSuccessUtc);

    [LoggerMessage(EventId = 342, Level = LogLevel.Warning, Message = "Downloading list {Url} failed: {Error}; using the cached copy from {LastSuccessUtc:u}")]
    public static partial void FailedUsingCached(ILogger logger, string url, string error, DateTime lastSuccessUtc);

    [LoggerMessage(EventId = 343, Level = LogLevel.Error, Message = "Downloading list {Url} failed: {Error}; there is no copy of it, so it is left out")]
    public static partial void FailedNoCopy(ILogger logger, string url, string error);

    [LoggerMessage(EventId = 344, Level = LogLevel.Warning, Message = "The new copy of list {Url} is held back: {Reason}; the copy from {LastSuccessUtc:u} stays in force")]
    public static partial void HeldBack(ILogger logger, string url, string reason, DateTime lastSuccessUtc);
}
