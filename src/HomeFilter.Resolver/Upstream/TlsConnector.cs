using System.Net.Security;
using System.Security.Authentication;

namespace HomeFilter.Resolver.Upstream;

/// <summary>Opens DNS-over-TLS connections (RFC 7858): TCP, then a TLS handshake checked by the certificate validator.</summary>
internal sealed class TlsConnector(UpstreamAddress address, UpstreamCertificateValidator validator) : IStreamConnector
{
    private readonly TcpConnector _tcp = new(address);

    public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var inner = await _tcp.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        string? rejection = null;
        try
        {
            var options = new SslClientAuthenticationOptions
            {
                // SNI and the name check: the #name of the entry, or its host; an address is checked as an IP SAN.
                TargetHost = address.TlsServerName ?? address.Host,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => validator.Validate(certificate, errors, out rejection),
            };
            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch (AuthenticationException e) when (rejection is { } reason)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new AuthenticationException("TLS handshake failed: " + reason, e);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
