using System.Diagnostics;
using System.Globalization;
using System.Net;
using HomeFilter.Hosting;
using HomeFilter.Resolver.Transport;
using HomeFilter.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HomeFilter.Dashboard.Tests;

/// <summary>
/// The whole program as a newcomer runs it (DNS and dashboard on loopback, SQLite in a temporary data directory),
/// forwarding to a loopback DNS server that knows a few names, with a policy that has "social" and "games" categories,
/// games blocked for devices in no group (so bypass protection is on for them) and an empty "kids" group.
/// </summary>
internal sealed class DashboardInstance : IAsyncDisposable
{
    public const string SocialName = "social.example";
    public const string SocialList = "social.example\nchat.social.example\n";

    private readonly IHost _host;
    private readonly LoopbackDnsServer _upstream;

    private DashboardInstance(IHost host, LoopbackDnsServer upstream, string dataDirectory)
    {
        _host = host;
        _upstream = upstream;
        DataDirectory = dataDirectory;
        Dns = host.Services.GetRequiredService<DnsServer>().UdpEndpoints[0];
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/');
    }

    public string BaseUrl { get; }

    public IPEndPoint Dns { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<DashboardInstance> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var upstream = LoopbackDnsServer.Start();
        upstream.Zone.AddA(SocialName, "198.51.100.10").AddA("chat." + SocialName, "198.51.100.11")
            .AddA("homework.example", "198.51.100.20").AddA("games.example", "198.51.100.30").AddA("dns.google", "198.51.100.40");
        var dataDirectory = Directory.CreateTempSubdirectory("homefilter-dashboard-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "social.txt"), SocialList);
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "games.txt"), "games.example\n");
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "policy.json"), """
            {
              "timeZone": "UTC",
              "categories": {
                "social": { "sources": ["social.txt"], "description": "Social networks" },
                "games":  { "sources": ["games.txt"], "description": "Online games" }
              },
              "default": { "block": ["games"] },
              "groups": [ { "name": "kids", "clients": [], "block": [] } ]
            }
            """);
        var overrides = new Dictionary<string, string?>
        {
            ["HomeFilter:DataDirectory"] = dataDirectory,
            ["HomeFilter:Dns:Listen:0"] = "127.0.0.1:0",
            ["HomeFilter:Dns:Upstreams:0"] = upstream.UdpUpstream,
            ["HomeFilter:Dns:UpstreamTimeoutMs"] = "2000",
            ["HomeFilter:Admin:Listen"] = "http://127.0.0.1:0",
            ["HomeFilter:Admin:Token"] = "dashboard-test-token-0123456789",
            ["HomeFilter:QueryLog:FlushMilliseconds"] = "100",
            ["HomeFilter:Policy:BundledLists"] = Path.Combine(AppContext.BaseDirectory, "blocklists"),
        };
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
            await upstream.DisposeAsync();
            throw;
        }

        return new DashboardInstance(host, upstream, dataDirectory);
    }

    /// <summary>Asks HomeFilter with dig from a loopback source address (the "device"); returns dig's short answer.</summary>
    public async Task<string> DigAsync(string dig, string from, string name)
    {
        var start = new ProcessStartInfo(dig) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-b", from, "-p", Dns.Port.ToString(CultureInfo.InvariantCulture), "@" + Dns.Address, name, "A", "+short", "+tries=2", "+time=3" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _upstream.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file may still be closing; the temporary directory is cleaned later.
        }
    }
}
