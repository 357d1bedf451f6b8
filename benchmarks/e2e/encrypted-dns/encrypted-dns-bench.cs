// Queries per second over plain TCP, DNS over TLS and DNS over HTTPS (HTTP/2) against a running HomeFilter, with
// the same number of queries in flight on one connection each, for a name the program answers itself (blocked, or
// SERVFAIL with every upstream down: no upstream round trip, so the transport is what differs).
// usage: dotnet run encrypted-dns-bench.cs -- --tcp PORT --tls PORT --https PORT --ca CERT.pem [--seconds 10] [--inflight 16] [--name dns.google]
#:property TreatWarningsAsErrors=false
#:property EnforceCodeStyleInBuild=false
#:property AnalysisLevel=none
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
var seconds = int.Parse(options.GetValueOrDefault("seconds", "10"));
var inflight = int.Parse(options.GetValueOrDefault("inflight", "16"));
var name = options.GetValueOrDefault("name", "dns.google");
var ca = X509Certificate2.CreateFromPem(File.ReadAllText(options["ca"]));
var query = Query(name);

if (options.TryGetValue("tcp", out var tcpPort)) Report("tcp", await StreamAsync(int.Parse(tcpPort), tls: false));
if (options.TryGetValue("tls", out var tlsPort)) Report("tls", await StreamAsync(int.Parse(tlsPort), tls: true));
if (options.TryGetValue("https", out var httpsPort)) Report("https (HTTP/2 POST)", await HttpsAsync(int.Parse(httpsPort)));

void Report(string transport, (long Count, double Seconds) result)
    => Console.WriteLine($"{transport,-22} {result.Count / result.Seconds,10:F0} q/s  ({result.Count} answers in {result.Seconds:F1} s, {inflight} in flight)");

async Task<(long, double)> StreamAsync(int port, bool tls)
{
    using var client = new TcpClient();
    await client.ConnectAsync(IPAddress.Loopback, port);
    client.NoDelay = true;
    Stream stream = client.GetStream();
    if (tls)
    {
        var ssl = new SslStream(stream);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "dns.test", RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == ca.GetCertHashString() });
        stream = ssl;
    }

    var framed = new byte[query.Length + 2];
    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
    query.CopyTo(framed, 2);
    var stop = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(seconds);
    long answers = 0;
    var sent = 0L;
    using var window = new SemaphoreSlim(inflight);
    var writer = Task.Run(async () =>
    {
        // Keep `inflight` queries outstanding: each answer read lets one more query go.
        while (stop.Elapsed < deadline)
        {
            await window.WaitAsync();
            await stream.WriteAsync(framed);
            Interlocked.Increment(ref sent);
        }
    });
    var prefix = new byte[2];
    var body = new byte[65535];
    while (stop.Elapsed < deadline || Interlocked.Read(ref answers) < Interlocked.Read(ref sent))
    {
        await stream.ReadExactlyAsync(prefix);
        await stream.ReadExactlyAsync(body.AsMemory(0, BinaryPrimitives.ReadUInt16BigEndian(prefix)));
        Interlocked.Increment(ref answers);
        window.Release();
        if (stop.Elapsed >= deadline && writer.IsCompleted && answers >= Interlocked.Read(ref sent)) break;
    }

    await writer;
    return (answers, stop.Elapsed.TotalSeconds);
}

async Task<(long, double)> HttpsAsync(int port)
{
    using var http = new HttpClient(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == ca.GetCertHashString() },
        EnableMultipleHttp2Connections = false,
    });
    var uri = new Uri($"https://127.0.0.1:{port}/dns-query");
    var stop = Stopwatch.StartNew();
    var deadline = TimeSpan.FromSeconds(seconds);
    long answers = 0;
    var workers = Enumerable.Range(0, inflight).Select(_ => Task.Run(async () =>
    {
        while (stop.Elapsed < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = new ByteArrayContent(query) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/dns-message");
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            if (response.IsSuccessStatusCode) Interlocked.Increment(ref answers);
        }
    })).ToArray();
    await Task.WhenAll(workers);
    return (answers, stop.Elapsed.TotalSeconds);
}

static byte[] Query(string name)
{
    var packet = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
    foreach (var label in name.Split('.'))
    {
        packet.Add((byte)label.Length);
        packet.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
    }

    packet.AddRange(new byte[] { 0, 0, 1, 0, 1 });
    return packet.ToArray();
}
