using System.Buffers.Binary;
using System.Net;
using System.Net.Quic;
using System.Net.Security;
using System.Runtime.Versioning;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Transport.Encrypted;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeFilter.Resolver.Tests.Transport.Encrypted;

public sealed class QuicDnsListenerTests
{
    [Fact]
    [SupportedOSPlatform("linux")]
    [SupportedOSPlatform("windows")]
    [SupportedOSPlatform("macos")]
    public async Task One_query_per_stream_with_the_sni_client_id()
    {
        if (!QuicListener.IsSupported || !QuicConnection.IsSupported)
        {
            // Not even under CI: Debian has no libmsquic package in the CI image, so there is nothing to install.
            Assert.Skip("DNS over QUIC needs libmsquic, which is not installed (Debian has no libmsquic package in this setup, so CI cannot install it either).");
        }

        using var files = new TestPemFiles();
        using var source = new ServerCertificateSource(files.CertificateFile, files.KeyFile, NullLogger.Instance, watch: false);
        var processor = new RecordingProcessor();
        await using var listener = new QuicDnsListener(processor, source, TimeSpan.FromSeconds(10), NullLogger.Instance);
        await listener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), TestContext.Current.CancellationToken);

        var thumbprint = files.Certificate.Thumbprint;
        await using var connection = await QuicConnection.ConnectAsync(
            new QuicClientConnectionOptions
            {
                RemoteEndPoint = listener.Endpoint!,
                DefaultStreamErrorCode = 2,
                DefaultCloseErrorCode = 0,
                ClientAuthenticationOptions = new SslClientAuthenticationOptions
                {
                    ApplicationProtocols = [new SslApplicationProtocol("doq")],
                    TargetHost = "emma-phone.dns.test",
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint,
                },
            },
            TestContext.Current.CancellationToken);
        await using var stream = await connection.OpenOutboundStreamAsync(QuicStreamType.Bidirectional, TestContext.Current.CancellationToken);
        var query = new byte[19];
        BinaryPrimitives.WriteUInt16BigEndian(query, 17);
        await stream.WriteAsync(query, completeWrites: true, TestContext.Current.CancellationToken);
        var answer = new byte[19];
        await stream.ReadExactlyAsync(answer, TestContext.Current.CancellationToken);

        Assert.Equal(17, BinaryPrimitives.ReadUInt16BigEndian(answer));
        var seen = Assert.Single(processor.Seen);
        Assert.Equal(DnsTransportKind.Quic, seen.Transport);
        Assert.Equal("emma-phone", seen.ClientId);
    }
}
