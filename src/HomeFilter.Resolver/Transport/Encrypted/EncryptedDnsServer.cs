using System.Net;
using System.Net.Quic;
using System.Net.Sockets;
using HomeFilter.Resolver.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HomeFilter.Resolver.Transport.Encrypted;

/// <summary>
/// Starts DNS over HTTPS, TLS and QUIC for clients when their listen addresses are set (<c>HomeFilter:Dns:Https</c>,
/// <c>:Tls</c>, <c>:Quic</c>), all presenting the certificate of <c>HomeFilter:Dns:Tls:CertificateFile</c>. Nothing
/// is set: nothing starts and no certificate is needed. Every address is bound before any is served.
/// </summary>
public sealed class EncryptedDnsServer(IQueryProcessor processor, IOptions<DnsOptions> options, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    public const string QuicMissingReason = "DNS over QUIC is not available on this machine: libmsquic is not installed";

    private readonly List<TcpDnsListener> _tls = [];
    private readonly List<object> _quic = [];
    private ServerCertificateSource? _certificates;
    private DohServer? _doh;

    /// <summary>The bound DoT endpoints.</summary>
    public IReadOnlyList<IPEndPoint> TlsEndpoints => [.. _tls.Select(l => l.Endpoint)];

    /// <summary>The bound DoH endpoints.</summary>
    public IReadOnlyList<IPEndPoint> HttpsEndpoints => _doh?.Endpoints ?? [];

    /// <summary>The bound DoQ endpoints (none where QUIC is not supported).</summary>
    public IReadOnlyList<IPEndPoint> QuicEndpoints { get; private set; } = [];

    /// <summary>The certificate source, when an encrypted transport is on.</summary>
    public ServerCertificateSource? Certificates => _certificates;

    /// <summary>Why DoQ cannot be served here, or null when it can.</summary>
    public static string? QuicUnavailableReason => QuicListener.IsSupported ? null : QuicMissingReason;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var logger = loggers.CreateLogger("HomeFilter.Dns");
        var https = Parse(settings.Https.Listen, "HomeFilter:Dns:Https:Listen");
        var tls = Parse(settings.Tls.Listen, "HomeFilter:Dns:Tls:Listen");
        var quic = Parse(settings.Quic.Listen, "HomeFilter:Dns:Quic:Listen");
        if (https.Count + tls.Count + quic.Count == 0)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(settings.Tls.CertificateFile) || string.IsNullOrWhiteSpace(settings.Tls.KeyFile))
        {
            throw new ListenException("Encrypted DNS (HomeFilter:Dns:Https/Tls/Quic:Listen) needs a certificate: set HomeFilter:Dns:Tls:CertificateFile and HomeFilter:Dns:Tls:KeyFile (PEM), e.g. made by 'HomeFilter tls self-signed --host dns.home.arpa'.");
        }

        try
        {
            _certificates = new ServerCertificateSource(settings.Tls.CertificateFile, settings.Tls.KeyFile, logger);
        }
        catch (CertificateLoadException e)
        {
            throw new ListenException(e.Message + " Fix HomeFilter:Dns:Tls:CertificateFile and HomeFilter:Dns:Tls:KeyFile.", e);
        }

        var description = _certificates.Current.Description;
        EncryptedDnsLog.CertificateInUse(logger, description.Subject, description.Sha256Fingerprint, description.NotAfter);

        foreach (var endpoint in tls)
        {
            var listener = new TcpDnsListener(endpoint, processor, settings, logger, _certificates);
            try
            {
                listener.Bind();
            }
            catch (SocketException e)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
                throw new ListenException(DnsServer.DescribeBindFailure("tls", endpoint, e).Replace("HomeFilter:Dns:Listen", "HomeFilter:Dns:Tls:Listen", StringComparison.Ordinal), e);
            }

            _tls.Add(listener);
        }

        if (https.Count > 0)
        {
            _doh = new DohServer(processor, _certificates, logger);
            await _doh.StartAsync(https, settings, loggers, cancellationToken).ConfigureAwait(false);
        }

        if (quic.Count > 0)
        {
            await StartQuicAsync(quic, settings, logger, cancellationToken).ConfigureAwait(false);
        }

        foreach (var listener in _tls)
        {
            listener.Start();
        }
    }

    private async Task StartQuicAsync(List<IPEndPoint> endpoints, DnsOptions settings, ILogger logger, CancellationToken cancellationToken)
    {
        if (!QuicListener.IsSupported)
        {
            EncryptedDnsLog.QuicUnavailable(logger, QuicMissingReason);
            return;
        }

        var bound = new List<IPEndPoint>();
        foreach (var endpoint in endpoints)
        {
            var listener = new QuicDnsListener(processor, _certificates!, TimeSpan.FromMilliseconds(Math.Max(100, settings.TcpIdleTimeoutMs)), logger);
            _quic.Add(listener);
            try
            {
                await listener.StartAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (QuicException e)
            {
                throw new ListenException($"Cannot serve DNS over QUIC on {endpoint}: {e.Message.TrimEnd('.')}. Fix HomeFilter:Dns:Quic:Listen.", e);
            }

            bound.Add(listener.Endpoint!);
        }

        QuicEndpoints = bound;
    }

    private static List<IPEndPoint> Parse(List<string> texts, string setting)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var text in texts)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            try
            {
                endpoints.Add(ListenEndpoint.Parse(text));
            }
            catch (FormatException e)
            {
                throw new ListenException(e.Message + " Fix " + setting + ".", e);
            }
        }

        return endpoints;
    }

    /// <summary>The state for the admin API.</summary>
    public EncryptedDnsStatus GetStatus()
    {
        EncryptedDnsCertificate? certificate = null;
        if (_certificates is { } source)
        {
            var d = source.Current.Description;
            certificate = new EncryptedDnsCertificate(source.CertificateFile, d.Subject, d.DnsNames, d.IpAddresses, d.NotAfter, d.Sha256Fingerprint, d.SpkiPin);
        }

        return new EncryptedDnsStatus(
            [.. HttpsEndpoints.Select(e => e.ToString())],
            [.. TlsEndpoints.Select(e => e.ToString())],
            [.. QuicEndpoints.Select(e => e.ToString())],
            QuicListener.IsSupported,
            QuicUnavailableReason,
            certificate);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in _tls)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        _tls.Clear();
        if (_doh is not null)
        {
            await _doh.DisposeAsync().ConfigureAwait(false);
            _doh = null;
        }

        foreach (var listener in _quic)
        {
            if (listener is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }

        _quic.Clear();
        _certificates?.Dispose();
        _certificates = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
