using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeFilter.Testing;
using HomeFilter.Tests.Support;

namespace HomeFilter.Tests.Identity;

/// <summary>
/// A device is known by its MAC address, not its IP address, on a real (namespaced) network: the program reads the
/// MAC from the kernel's neighbour table, or from the EDNS0 option a dnsmasq forwarder adds, and keeps that option to
/// itself. The policy names only the MAC, so a blocked answer proves the MAC decided.
/// </summary>
public sealed class DeviceIdentityTests : IAsyncLifetime
{
    private const string KidMac = "02:4b:69:64:00:01";

    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-identity-").FullName;

    public ValueTask InitializeAsync()
    {
        var bundled = Directory.CreateDirectory(Path.Combine(_folder, "bundled", "bypass")).Parent!.FullName;
        File.WriteAllText(Path.Combine(bundled, "safesearch.txt"), "# none\n");
        File.WriteAllText(Path.Combine(bundled, "bypass", "signals.txt"), "use-application-dns.net\n");
        File.WriteAllText(Path.Combine(bundled, "bypass", "doh-resolvers.txt"), "dns.google\n");
        File.WriteAllText(Path.Combine(_folder, "adult.txt"), "blocked.test\n");
        File.WriteAllText(PolicyPath, $$"""
            {
              "categories": { "adult": { "sources": ["{{Path.Combine(_folder, "adult.txt")}}"] } },
              "local": [ { "name": "up.test", "a": ["192.0.2.1"] } ],
              "groups": [ { "name": "kids", "clients": ["{{KidMac}}"], "block": ["adult"] } ],
              "devices": [ { "name": "Kid's tablet", "macs": ["{{KidMac.ToUpperInvariant().Replace(':', '-')}}"] } ]
            }
            """);
        return ValueTask.CompletedTask;
    }

    private string PolicyPath => Path.Combine(_folder, "policy.json");

    private string BundledPath => Path.Combine(_folder, "bundled");

    [Fact]
    public async Task A_device_keeps_its_group_by_mac_when_its_address_changes()
    {
        await using var lab = await NetworkLab.CreateAsync();
        var dig = ExternalTool.Require("dig", "bind9-dnsutils");
        var server = await lab.NamespaceAsync("srv");
        var client = await lab.NamespaceAsync("cli");
        var (_, clientLink) = await lab.LinkAsync("m", server, 1, client, 2, KidMac);
        var listen = lab.Address(1);

        // The real program, inside the server's namespace: its neighbour table is that namespace's.
        using var program = StartProgram(lab, server, listen);
        try
        {
            Assert.True(await UntilAsync(() => AnswerAsync(lab, client, dig, listen, 53, "up.test"), "192.0.2.1", TimeSpan.FromSeconds(90)), "the program did not start answering: " + program.Output);

            Assert.True(await UntilAsync(() => AnswerAsync(lab, client, dig, listen, 53, "blocked.test"), "0.0.0.0", TimeSpan.FromSeconds(30)), "the kids' MAC was not recognised at " + lab.Address(2));

            // A new address (DHCP gave it another lease): the same MAC, so still the kids' rules.
            await lab.RunAsync("-n", client, "addr", "del", lab.Address(2) + "/24", "dev", clientLink);
            await lab.RunAsync("-n", client, "addr", "add", lab.Address(3) + "/24", "dev", clientLink);
            Assert.True(await UntilAsync(() => AnswerAsync(lab, client, dig, listen, 53, "blocked.test"), "0.0.0.0", TimeSpan.FromSeconds(30)), "the kids' MAC was not recognised at " + lab.Address(3));
        }
        finally
        {
            program.Stop();
        }
    }

    [Fact]
    public async Task A_mac_added_by_a_dnsmasq_forwarder_decides_and_never_reaches_the_upstream()
    {
        await using var lab = await NetworkLab.CreateAsync();
        var dig = ExternalTool.Require("dig", "bind9-dnsutils");
        var dnsmasq = ExternalTool.Find("dnsmasq") ?? (File.Exists("/usr/sbin/dnsmasq") ? "/usr/sbin/dnsmasq" : ExternalTool.Require("dnsmasq", "dnsmasq-base"));
        var client = await lab.NamespaceAsync("lan");

        // The router is this machine: dnsmasq on the LAN side (it sees the client's MAC), HomeFilter behind it on loopback.
        var (_, _) = await lab.LinkAsync("f", null, 1, client, 2, KidMac);
        await using var upstream = LoopbackDnsServer.Start();
        upstream.Zone.AddA("fine.test", "192.0.2.7").AddA("blocked.test", "192.0.2.66");
        await using var filter = await HomeFilterInstance.StartAsync([upstream], new Dictionary<string, string?>
        {
            ["HomeFilter:Policy:File"] = PolicyPath,
            ["HomeFilter:Policy:BundledLists"] = BundledPath,
            ["HomeFilter:Identity:NeighbourTable"] = "false", // only the option can tell the MAC
        });

        // Without the option (straight from loopback) the name is not blocked: nothing but the MAC puts anyone in kids.
        var direct = await DnsTestClient.QueryUdpAsync(filter.Udp, DnsTestClient.CreateQuery("blocked.test"));
        Assert.Equal("192.0.2.66", direct.Message.AnswerRecords.OfType<ARSoft.Tools.Net.Dns.ARecord>().Single().Address.ToString());

        var routerAddress = lab.Address(1);
        var port = FreeUdpPort(IPAddress.Parse(routerAddress));
        using var forwarder = Started(dnsmasq, [
            "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--bind-interfaces",
            "--listen-address=" + routerAddress, "--port=" + port.ToString(CultureInfo.InvariantCulture),
            "--server=127.0.0.1#" + filter.Udp.Port.ToString(CultureInfo.InvariantCulture), "--add-mac", "--cache-size=0",
            "--user=root", "--pid-file", "--log-facility=-",
        ]);
        try
        {
            Assert.True(await UntilAsync(() => AnswerAsync(lab, client, dig, routerAddress, port, "blocked.test"), "0.0.0.0", TimeSpan.FromSeconds(30)), "the MAC option was not used: " + forwarder.Output);
            Assert.True(await UntilAsync(() => AnswerAsync(lab, client, dig, routerAddress, port, "fine.test"), "192.0.2.7", TimeSpan.FromSeconds(30)), "fine.test was not forwarded: " + forwarder.Output);
        }
        finally
        {
            forwarder.Stop();
        }

        var forwarded = upstream.ReceivedQueries.Where(q => q.Name == "fine.test").ToList();
        Assert.NotEmpty(forwarded);
        Assert.All(upstream.ReceivedQueries, q => Assert.Empty(q.Message.EDnsOptions?.Options ?? []));
    }

    private RunningProgram StartProgram(NetworkLab lab, string @namespace, string listen) => Started(lab.Ip, [
        "netns", "exec", @namespace, "dotnet", Path.Combine(AppContext.BaseDirectory, "HomeFilter.dll"),
        "--listen", listen + ":53", "--upstream", "127.0.0.1:9", "--data", Directory.CreateDirectory(Path.Combine(_folder, "data")).FullName,
        "--HomeFilter:Admin:Enabled=false", "--HomeFilter:Policy:File=" + PolicyPath, "--HomeFilter:Policy:BundledLists=" + BundledPath,
        "--HomeFilter:Dns:AllowedClients:0=198.18.0.0/15", "--HomeFilter:Identity:NeighbourRefreshSeconds=1",
        "--HomeFilter:Dns:UpstreamTimeoutMs=300", "--HomeFilter:Dns:UpstreamDeadlineMs=600",
        "--HomeFilter:QueryLog:Enabled=false", "--Serilog:MinimumLevel:Default=Warning",
    ]);

    /// <summary>dig's first A record for <paramref name="name"/>, asked from inside the client's namespace, or "" (no answer, an error).</summary>
    private static async Task<string> AnswerAsync(NetworkLab lab, string client, string dig, string server, int port, string name)
    {
        var (_, output) = await lab.ExecAsync(client, dig, ["@" + server, "-p", port.ToString(CultureInfo.InvariantCulture), name, "A", "+short", "+tries=1", "+time=2"], TimeSpan.FromSeconds(20));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(line => IPAddress.TryParse(line, out _)) ?? "";
    }

    /// <summary>
    /// Asks until the expected answer comes, within a bound: the neighbour table and ARP settle in the background, so
    /// the first queries may come before the MAC is known. Not a timing assertion: only the answer is judged.
    /// </summary>
    private static async Task<bool> UntilAsync(Func<Task<string>> ask, string expected, TimeSpan bound)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < bound)
        {
            if (await ask() == expected)
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }

    private static int FreeUdpPort(IPAddress address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static RunningProgram Started(string path, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new RunningProgram(Process.Start(start)!);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>A started process whose output is kept for failure messages; stopped (killed) at the end.</summary>
    private sealed class RunningProgram : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public RunningProgram(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Stop()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        public void Dispose()
        {
            Stop();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
