using System.Globalization;
using System.Net;
using HomeFilter.Hosting;
using HomeFilter.Resolver.Transport;
using HomeFilter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HomeFilter.Tests.Support;

/// <summary>
/// The whole program, built by the same composition root as the real one, running in-process on loopback
/// with a temporary data directory and the given loopback DNS servers as upstreams.
/// </summary>
internal sealed class HomeFilterInstance : IAsyncDisposable
{
    private readonly IHost _host;

    private HomeFilterInstance(IHost host, string dataDirectory)
    {
        _host = host;
        DataDirectory = dataDirectory;
        var dns = host.Services.GetRequiredService<DnsServer>();
        Udp = dns.UdpEndpoints[0];
        Tcp = dns.TcpEndpoints[0];
    }

    public IPEndPoint Udp { get; }

    public IPEndPoint Tcp { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<HomeFilterInstance> StartAsync(IReadOnlyList<LoopbackDnsServer> upstreams, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("homefilter-it-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["HomeFilter:DataDirectory"] = dataDirectory,
            ["HomeFilter:Dns:Listen:0"] = "127.0.0.1:0",
            ["HomeFilter:Admin:Enabled"] = "false",
            ["HomeFilter:Dns:UpstreamTimeoutMs"] = "400",
            ["HomeFilter:Dns:UpstreamDeadlineMs"] = "1500",
        };
        for (var i = 0; i < upstreams.Count; i++)
        {
            overrides[string.Create(CultureInfo.InvariantCulture, $"HomeFilter:Dns:Upstreams:{i}")] = upstreams[i].UdpUpstream;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var host = HomeFilterHost.Build([], overrides);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }

        return new HomeFilterInstance(host, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file may still be closing; the temp directory is cleaned by the OS later.
        }
    }
}
