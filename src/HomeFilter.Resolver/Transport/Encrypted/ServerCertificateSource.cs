using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>
/// The certificate DoH, DoT and DoQ present, re-read when its files change so a renewal (certbot, or a new
/// <c>HomeFilter tls self-signed</c>) needs no restart. The files are compared by size and modification time
/// every <see cref="CheckInterval"/>; a change is loaded once it has held still for one interval (a renewal
/// writes two files, not at once). New handshakes take the new certificate; open connections keep theirs. A new
/// file that does not load is logged once and the old certificate stays.
/// </summary>
public sealed class ServerCertificateSource : IDisposable
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _certificateFile;
    private readonly string _keyFile;
    private readonly ILogger _logger;
    private readonly ITimer? _timer;
    private readonly Lock _checking = new();
    private ServerCertificate _current;
    private FileStamp _loaded;
    private FileStamp _seen;
    private FileStamp _failed;

    /// <exception cref="CertificateLoadException">The files cannot be used now (the start fails with this line).</exception>
    public ServerCertificateSource(string certificateFile, string keyFile, ILogger logger, TimeProvider? time = null, bool watch = true)
    {
        _certificateFile = Path.GetFullPath(certificateFile);
        _keyFile = Path.GetFullPath(keyFile);
        _logger = logger;
        _loaded = _seen = FileStamp.Of(_certificateFile, _keyFile);
        _current = ServerCertificate.Load(_certificateFile, _keyFile);
        if (watch)
        {
            _timer = (time ?? TimeProvider.System).CreateTimer(_ => CheckForChange(), null, CheckInterval, CheckInterval);
        }
    }

    /// <summary>What the next handshake presents.</summary>
    public ServerCertificate Current => Volatile.Read(ref _current);

    public string CertificateFile => _certificateFile;

    /// <summary>
    /// Loads the files when they changed and have not changed since the previous check; true when a new certificate
    /// was taken. Called by the timer; tests call it directly.
    /// </summary>
    public bool CheckForChange()
    {
        lock (_checking)
        {
            var stamp = FileStamp.Of(_certificateFile, _keyFile);
            var settled = stamp == _seen;
            _seen = stamp;
            if (stamp == _loaded || !settled || stamp == _failed)
            {
                return false;
            }

            try
            {
                var next = ServerCertificate.Load(_certificateFile, _keyFile);
                Volatile.Write(ref _current, next);
                _loaded = stamp;
                EncryptedDnsLog.CertificateReloaded(_logger, next.Description.Subject, next.Description.Sha256Fingerprint, next.Description.NotAfter);
                return true;
            }
            catch (CertificateLoadException e)
            {
                _failed = stamp;
                EncryptedDnsLog.CertificateReloadFailed(_logger, e.Message);
                return false;
            }
        }
    }

    public void Dispose() => _timer?.Dispose();

    private readonly record struct FileStamp(long CertificateLength, DateTime CertificateWritten, long KeyLength, DateTime KeyWritten)
    {
        public static FileStamp Of(string certificate, string key)
        {
            var c = new FileInfo(certificate);
            var k = new FileInfo(key);
            return new FileStamp(c.Exists ? c.Length : -1, c.Exists ? c.LastWriteTimeUtc : default, k.Exists ? k.Length : -1, k.Exists ? k.LastWriteTimeUtc : default);
        }
    }
}
