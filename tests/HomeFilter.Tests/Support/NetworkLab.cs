using System.Globalization;
using System.Security.Cryptography;

namespace HomeFilter.Tests.Support;

/// <summary>
/// Real network namespaces and veth pairs for tests that need a LAN: another machine with its own MAC address. Names
/// carry a random id, so parallel tests and parallel runs never share one; addresses are in 198.18.0.0/15 (the
/// benchmarking range, never a real network), one random /24 per lab. Everything made is deleted on dispose, also
/// after a failure. Without root (or without <c>ip</c>) a test skips with the reason; under CI it fails instead.
/// </summary>
internal sealed class NetworkLab : IAsyncDisposable
{
    private readonly List<string> _namespaces = [];
    private readonly List<string> _hostLinks = [];

    private NetworkLab(string ip, string id, int second, int third)
    {
        Ip = ip;
        Id = id;
        Second = second;
        Third = third;
    }

    public string Ip { get; }

    /// <summary>Six hex digits, unique to this lab.</summary>
    public string Id { get; }

    /// <summary>18 or 19: the lab's /24 is 198.{Second}.{Third}.0/24.</summary>
    public int Second { get; }

    public int Third { get; }

    /// <summary>An address in the lab's /24.</summary>
    public string Address(int host) => string.Create(CultureInfo.InvariantCulture, $"198.{Second}.{Third}.{host}");

    /// <summary>Checks the tools and the right to make namespaces, then returns an empty lab.</summary>
    public static async Task<NetworkLab> CreateAsync()
    {
        var ip = ExternalTool.Require("ip", "iproute2");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var lab = new NetworkLab(ip, id, 18 + RandomNumberGenerator.GetInt32(2), 1 + RandomNumberGenerator.GetInt32(254));
        var probe = $"hf-{id}-probe";
        var (code, output) = await ExternalTool.RunAsync(ip, ["netns", "add", probe], TimeSpan.FromSeconds(20));
        if (code != 0)
        {
            var reason = $"'ip netns add' is refused ({output.Trim()}): network namespace tests need root (CAP_SYS_ADMIN and CAP_NET_ADMIN).";
            if (ExternalTool.InCi)
            {
                Assert.Fail(reason + " CI runs as root.");
            }

            Assert.Skip(reason);
        }

        await ExternalTool.RunAsync(ip, ["netns", "del", probe], TimeSpan.FromSeconds(20));
        return lab;
    }

    /// <summary>Makes a namespace named <c>hf-{id}-{role}</c> with its loopback up.</summary>
    public async Task<string> NamespaceAsync(string role)
    {
        var name = $"hf-{Id}-{role}";
        await RunAsync("netns", "add", name);
        _namespaces.Add(name);
        await RunAsync("-n", name, "link", "set", "lo", "up");
        return name;
    }

    /// <summary>
    /// Joins two namespaces (or a namespace and this one, when <paramref name="leftNamespace"/> is null) with a veth pair
    /// named <c>hf{id}{tag}a</c>/<c>…b</c>, each end with its address in the lab's /24 and the given MAC on the right end.
    /// </summary>
    public async Task<(string Left, string Right)> LinkAsync(string tag, string? leftNamespace, int leftHost, string rightNamespace, int rightHost, string rightMac)
    {
        var left = $"hf{Id}{tag}a";
        var right = $"hf{Id}{tag}b";
        await RunAsync("link", "add", left, "type", "veth", "peer", "name", right);
        if (leftNamespace is null)
        {
            _hostLinks.Add(left);
        }
        else
        {
            await RunAsync("link", "set", left, "netns", leftNamespace);
        }

        await RunAsync("link", "set", right, "netns", rightNamespace);
        await RunAsync([.. On(leftNamespace), "addr", "add", Address(leftHost) + "/24", "dev", left]);
        await RunAsync([.. On(leftNamespace), "link", "set", left, "up"]);
        await RunAsync("-n", rightNamespace, "link", "set", "dev", right, "address", rightMac);
        await RunAsync("-n", rightNamespace, "addr", "add", Address(rightHost) + "/24", "dev", right);
        await RunAsync("-n", rightNamespace, "link", "set", right, "up");
        return (left, right);
    }

    /// <summary>Runs <c>ip</c> with these arguments; a failure fails the test with ip's message.</summary>
    public async Task RunAsync(params string[] arguments)
    {
        var (code, output) = await ExternalTool.RunAsync(Ip, arguments, TimeSpan.FromSeconds(20));
        Assert.True(code == 0, $"ip {string.Join(' ', arguments)}: {output.Trim()}");
    }

    /// <summary>Runs a program inside a namespace (<c>ip netns exec</c>) to completion.</summary>
    public Task<(int ExitCode, string Output)> ExecAsync(string @namespace, string program, IEnumerable<string> arguments, TimeSpan timeout) =>
        ExternalTool.RunAsync(Ip, ["netns", "exec", @namespace, program, .. arguments], timeout);

    private static string[] On(string? @namespace) => @namespace is null ? [] : ["-n", @namespace];

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes its ends of the veth pairs, and with them the peers.
        foreach (var link in _hostLinks)
        {
            await ExternalTool.RunAsync(Ip, ["link", "del", link], TimeSpan.FromSeconds(20));
        }

        foreach (var name in _namespaces)
        {
            await ExternalTool.RunAsync(Ip, ["netns", "del", name], TimeSpan.FromSeconds(20));
        }
    }
}
