using System.Globalization;
using System.Net;

namespace HomeFilter.Compliance.Tests.RealServers;

/// <summary>
/// Real DNS servers for one test, on loopback with free ports and their files in a temporary folder:
/// nsd serving the signed test zone, and forwarders in front of it. Disposing stops them all.
/// </summary>
internal sealed class LoopbackLab : IAsyncDisposable
{
    public const string Zone = "compliance.example";
    public const string ExistingName = "www.compliance.example";

    // Each kind of server on its own loopback address, as on a real network; the ports keep parallel labs apart.
    private static readonly IPAddress NsdAddress = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress UnboundAddress = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress DnsmasqAddress = IPAddress.Parse("127.0.0.4");
    private static readonly IPAddress PdnsAddress = IPAddress.Parse("127.0.0.5");

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("hf-edns-");
    private readonly List<ServerProcess> _servers = [];
    private readonly IReadOnlyDictionary<string, string> _binaries;

    public LoopbackLab(IReadOnlyDictionary<string, string> binaries) => _binaries = binaries;

    private string PathOf(string file) => Path.Combine(_directory.FullName, file);

    private static string At(IPEndPoint endPoint, char separator) =>
        $"{endPoint.Address}{separator}{endPoint.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>nsd, authoritative for the signed compliance.example.</summary>
    public Task<ServerProcess> StartNsdAsync(CancellationToken cancellationToken)
    {
        var zoneFile = Path.Combine(AppContext.BaseDirectory, "TestData", "compliance.example.zone");
        File.Copy(zoneFile, PathOf("compliance.example.zone"), overwrite: true);
        return StartAsync("nsd", NsdAddress, endPoint => $"""
            server:
              ip-address: {At(endPoint, '@')}
              port: {endPoint.Port}
              username: ""
              chroot: ""
              zonesdir: "{_directory.FullName}"
              database: ""
              zonelistfile: "{PathOf("nsd.zonelist")}"
              xfrdfile: "{PathOf("nsd.xfrd")}"
              pidfile: "{PathOf("nsd.pid")}"
              logfile: "{PathOf("nsd.log")}"
              server-count: 1
              verbosity: 1
              hide-version: yes
            remote-control:
              control-enable: no
            zone:
              name: "{Zone}"
              zonefile: "{PathOf("compliance.example.zone")}"
            """, "nsd.conf", conf => ["-d", "-c", conf], cancellationToken);
    }

    /// <summary>unbound forwarding everything to <paramref name="upstream"/>, without validation (no trust anchor).</summary>
    public Task<ServerProcess> StartUnboundAsync(IPEndPoint upstream, CancellationToken cancellationToken) =>
        StartAsync("unbound", UnboundAddress, endPoint => $"""
            server:
              interface: {At(endPoint, '@')}
              port: {endPoint.Port}
              do-daemonize: no
              username: ""
              chroot: ""
              directory: "{_directory.FullName}"
              pidfile: "{PathOf("unbound.pid")}"
              use-syslog: no
              logfile: "{PathOf("unbound.log")}"
              verbosity: 1
              num-threads: 1
              access-control: 127.0.0.0/8 allow
              do-not-query-localhost: no
              module-config: "iterator"
            forward-zone:
              name: "."
              forward-addr: {At(upstream, '@')}
            """, "unbound.conf", conf => ["-d", "-c", conf], cancellationToken);

    /// <summary>pdns-recursor forwarding the test zone to <paramref name="upstream"/> (an authoritative server).</summary>
    public Task<ServerProcess> StartPdnsRecursorAsync(IPEndPoint upstream, CancellationToken cancellationToken) =>
        StartAsync("pdns_recursor", PdnsAddress, endPoint => $"""
            local-address={endPoint.Address}
            local-port={endPoint.Port}
            forward-zones={Zone}={At(upstream, ':')}
            allow-from=127.0.0.0/8
            dont-query=
            daemon=no
            write-pid=no
            socket-dir={_directory.FullName}
            disable-syslog=yes
            dnssec=process-no-validate
            security-poll-suffix=
            threads=1
            """, "recursor.conf", _ => [$"--config-dir={_directory.FullName}"], cancellationToken);

    /// <summary>dnsmasq with a cache, forwarding everything to <paramref name="upstream"/>.</summary>
    public Task<ServerProcess> StartDnsmasqAsync(IPEndPoint upstream, CancellationToken cancellationToken) =>
        StartAsync("dnsmasq", DnsmasqAddress, endPoint => $"""
            no-resolv
            no-hosts
            bind-interfaces
            listen-address={endPoint.Address}
            port={endPoint.Port}
            server={At(upstream, '#')}
            user={Environment.UserName}
            pid-file=
            log-facility={PathOf("dnsmasq.log")}
            cache-size=1000
            """, "dnsmasq.conf", conf => ["--keep-in-foreground", $"--conf-file={conf}"], cancellationToken);

    private async Task<ServerProcess> StartAsync(string executable, IPAddress address, Func<IPEndPoint, string> config,
        string configFile, Func<string, IEnumerable<string>> arguments, CancellationToken cancellationToken)
    {
        // The port is free when chosen but another process may take it before the server binds: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var endPoint = LoopbackPort.Reserve(address);
            var conf = PathOf(configFile);
            await File.WriteAllTextAsync(conf, config(endPoint) + "\n", cancellationToken);
            try
            {
                var server = await ServerProcess.StartAsync(executable, _binaries[executable], arguments(conf), endPoint, Zone,
                    cancellationToken);
                _servers.Add(server);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // exited at start, most likely "address in use"
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _servers.Count - 1; i >= 0; i--)
        {
            await _servers[i].DisposeAsync();
        }

        _directory.Delete(recursive: true);
    }
}
