using System.Net;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Transport;

internal static partial class TransportLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Serving DNS on {Protocol} {Endpoint}")]
    public static partial void Listening(ILogger logger, string protocol, IPEndPoint endpoint);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Query processing failed on {Protocol}; packet dropped")]
    public static partial void ProcessingFailed(ILogger logger, string protocol, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "UDP receive error on {Endpoint}: {Error}")]
    public static partial void ReceiveError(ILogger logger, IPEndPoint endpoint, string error);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "TCP connection from {Client} closed: {Reason}")]
    public static partial void TcpClosed(ILogger logger, IPAddress? client, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "TCP connection from {Client} refused: {Limit}")]
    public static partial void TcpRefused(ILogger logger, IPAddress? client, string limit);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "UDP queries in flight reached {Limit}; dropping until upstreams catch up")]
    public static partial void UdpSaturated(ILogger logger, int limit);
}
