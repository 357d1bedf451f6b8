using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Hosting;

/// <summary>Says once, at start, which data files were found readable by others and made owner-only.</summary>
internal sealed partial class PrivateDataDirectoryLog(IReadOnlyList<string> tightened, string dataDirectory, ILogger<PrivateDataDirectoryLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (tightened.Count > 0)
        {
            LogTightened(logger, tightened.Count, dataDirectory, string.Join(", ", tightened.Select(p => Path.GetRelativePath(dataDirectory, p))));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Made {Count} entries of the data directory {DataDirectory} owner-only (they were readable by others): {Paths}")]
    private static partial void LogTightened(ILogger logger, int count, string dataDirectory, string paths);
}
