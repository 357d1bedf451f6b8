using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using HomeFilter.Resolver.Configuration;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Transport;
using HomeFilter.Resolver.Transport.Encrypted;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeFilter.Resolver.Tests.Transport.Encrypted;

/// <summary>The TCP listener with a certificate: DNS over TLS, client ID from the SNI.</summary>
public sealed class DotListenerTests : IAsyncLifetime
{
    private readonly TestPemFiles _files = new();
    private readonly RecordingProcessor _processor = new();
    private ServerCertificateSource _source = null!;
    private TcpDnsListener _listener = null!;

    public ValueTask InitializeAsync()
    {
        _source = new ServerCertificateSource(_files.CertificateFile, _files.KeyFile, NullLogger.Instance, watch: false);
        _listener = new TcpDnsListener(new IPEndPoint(IPAddress.Loopback, 0), _processor, new DnsOptions(), NullLogger.Instance, _source);
        _listener.Bind();
        _listener.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        _source.Dispose();
        _files.Dispose();
    }

    [Theory]
    [InlineData("emma-phone.dns.test", "emma-phone")]
    [InlineData("dns.test", null)]
    public async Task Pipelined_queries_are_answered_in_order_with_the_sni_client_id(string serverName, string? clientId)
    {
        await using var tls = await ConnectAsync(serverName);
        var queries = new byte[2 * 19];
        for (var i = 0; i < 2; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(queries.AsSpan(i * 19), 17);
            queries[(i * 19) + 3] = (byte)(i + 1); // ids 1 and 2
        }

        await tls.WriteAsync(queries, TestContext.Current.CancellationToken);
        for (var i = 0; i < 2; i++)
        {
            var answer = new byte[19];
            await tls.ReadExactlyAsync(answer, TestContext.Current.CancellationToken);
            Assert.Equal(17, BinaryPrimitives.ReadUInt16BigEndian(answer));
            Assert.Equal(i + 1, answer[3]);
            Assert.Equal(0x80, answer[4] & 0x80);
        }

        Assert.Equal(2, _processor.Seen.Count);
        foreach (var seen in _processor.Seen)
        {
            Assert.Equal(DnsTransportKind.Tls, seen.Transport);
            Assert.Equal(clientId, seen.ClientId);
            Assert.Equal(65535, seen.MaxResponseSize);
        }
    }

    [Fact]
    public async Task A_reloaded_certificate_is_presented_on_the_next_handshake()
    {
        await using (var first = await ConnectAsync("dns.test"))
        {
            Assert.Equal(_files.Certificate.Thumbprint, first.RemoteCertificate!.GetCertHashString());
        }

        var renewed = _files.Write();
        File.SetLastWriteTimeUtc(_files.CertificateFile, DateTime.UtcNow.AddSeconds(5));
        _source.CheckForChange();
        Assert.True(_source.CheckForChange());
        await using var second = await ConnectAsync("dns.test", renewed.Thumbprint);
        Assert.Equal(renewed.Thumbprint, second.RemoteCertificate!.GetCertHashString());
    }

    [Fact]
    public async Task Plain_dns_on_the_tls_port_never_reaches_the_processor()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_listener.Endpoint, TestContext.Current.CancellationToken);
        var query = new byte[19];
        BinaryPrimitives.WriteUInt16BigEndian(query, 17);
        await socket.SendAsync(query, TestContext.Current.CancellationToken);
        var buffer = new byte[64];
        int read;
        try
        {
            read = await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
        }
        catch (SocketException)
        {
            read = 0;
        }

        // The server answers the garbage "ClientHello" with a TLS alert at most, never a DNS answer.
        Assert.True(read == 0 || buffer[0] == 0x15, $"got {read} bytes starting with {buffer[0]:x2}");
        Assert.Empty(_processor.Seen);
    }

    private async Task<SslStream> ConnectAsync(string serverName, string? thumbprint = null)
    {
        var expected = thumbprint ?? _files.Certificate.Thumbprint;
        var client = new TcpClient();
        await client.ConnectAsync(_listener.Endpoint, TestContext.Current.CancellationToken);
        var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == expected,
            },
            TestContext.Current.CancellationToken);
        return tls;
    }
}
