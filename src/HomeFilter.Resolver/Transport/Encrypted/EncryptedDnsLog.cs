using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Transport.Encrypted;

internal static partial class EncryptedDnsLog
{
    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "TLS certificate for encrypted DNS: {Subject}, SHA-256 fingerprint {Fingerprint}, valid until {NotAfter:u}")]
    public static partial void CertificateInUse(ILogger logger, string subject, string fingerprint, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "TLS certificate reloaded: {Subject}, SHA-256 fingerprint {Fingerprint}, valid until {NotAfter:u}")]
    public static partial void CertificateReloaded(ILogger logger, string subject, string fingerprint, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning, Message = "{Problem} Keeping the previous certificate.")]
    public static partial void CertificateReloadFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 123, Level = LogLevel.Warning, Message = "{Reason}; HomeFilter:Dns:Quic:Listen is ignored")]
    public static partial void QuicUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 124, Level = LogLevel.Debug, Message = "DoH request from {Client} refused: {Reason}")]
    public static partial void DohRejected(ILogger logger, System.Net.IPAddress? client, string reason);

    [LoggerMessage(EventId = 125, Level = LogLevel.Debug, Message = "DoQ connection from {Client} ended: {Reason}")]
    public static partial void QuicClosed(ILogger logger, System.Net.EndPoint? client, string reason);
}
