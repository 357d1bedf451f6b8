using Microsoft.Extensions.Logging;

namespace HomeFilter.Admin;

internal static partial class AdminLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Admin API on {Url}; its bearer token is in {TokenSource}")]
    public static partial void Serving(ILogger logger, string url, string tokenSource);
}
