using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using HomeFilter.Tests.Support;

namespace HomeFilter.Tests.Hosting;

/// <summary>
/// The real program as a new user meets it: help and version without starting anything, and every start that cannot
/// work ending in one or two lines (cause and fix) with exit code 2, never a stack trace or a screen of cancelled
/// background services.
/// </summary>
public sealed partial class StartupTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-startup-").FullName;

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments) => ProgramProcess.RunAsync(_folder, Timeout, arguments);

    /// <summary>A server start on free loopback ports that would succeed unless <paramref name="extra"/> breaks it.</summary>
    private Task<(int ExitCode, string Output, string Error)> StartAsync(params string[] extra) => RunAsync(
    [
        "--data", Path.Combine(_folder, "data"), "--listen", $"127.0.0.1:{FreeUdpPort()}", "--admin", $"http://127.0.0.1:{FreeTcpPort()}",
        "--upstream", "127.0.0.1:9", .. extra,
    ]);

    private static void AssertShortFailure((int ExitCode, string Output, string Error) result, string expected)
    {
        var all = result.Output + result.Error;
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}\n{all}");
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.InRange(result.Error.TrimEnd().Split('\n').Length, 1, 2);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain(" FTL]", all, StringComparison.Ordinal);
        Assert.DoesNotContain(" ERR]", all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_and_starts_nothing(string flag)
    {
        var (code, output, error) = await RunAsync(flag);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        foreach (var expected in new[] { "lists", "policy", "evidence", "--listen", "--upstream", "--allow", "--data", "--admin", "README.md", "docs/policy.md" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Serving DNS", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")));
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var (code, output, _) = await RunAsync("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^HomeFilter \d+\.\d+", output);
    }

    [Theory]
    [InlineData("--admin", "0.0.0.0:18085", "'0.0.0.0:18085' has no scheme")]
    [InlineData("--listen", "127.0.0.1:x", "'127.0.0.1:x' is not of the form ip:port")]
    [InlineData("--upstream", "dns.example", "'dns.example' is a name")]
    [InlineData("--allow", "192.168.1.0/40", "'192.168.1.0/40' is not a network")]
    public async Task A_malformed_address_is_one_line_and_exit_code_2(string option, string value, string expected)
    {
        var result = await RunAsync("--data", Path.Combine(_folder, "data"), option, value);
        AssertShortFailure(result, expected);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("unknown option '--lisen'", "--lisen", "127.0.0.1:5353")]
    [InlineData("unknown option '--verbose'", "--verbose")]
    [InlineData("unknown command 'frobnicate'", "frobnicate")]
    public async Task An_unknown_switch_is_not_ignored(string expected, params string[] args)
        => AssertShortFailure(await RunAsync(args), expected);

    [Fact]
    public async Task A_dns_port_in_use_names_it_and_suggests_a_free_one()
    {
        using var occupier = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        occupier.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var busy = ((IPEndPoint)occupier.LocalEndPoint!).Port;

        var result = await StartAsync("--listen", $"127.0.0.1:{busy}");
        AssertShortFailure(result, $"udp 127.0.0.1:{busy}: the address is already in use");
        var suggested = Suggestion().Match(result.Error).Groups[1].Value;
        Assert.StartsWith("127.0.0.1:", suggested, StringComparison.Ordinal);
        Assert.NotEqual($"127.0.0.1:{busy}", suggested);
    }

    [Fact]
    public async Task An_admin_port_in_use_names_it_and_suggests_another()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var busy = ((IPEndPoint)occupier.LocalEndpoint).Port;

        var result = await StartAsync("--admin", $"http://127.0.0.1:{busy}");
        AssertShortFailure(result, "Cannot serve the admin API");
        var suggested = Suggestion().Match(result.Error).Groups[1].Value;
        Assert.StartsWith("http://127.0.0.1:", suggested, StringComparison.Ordinal);
        Assert.NotEqual($"http://127.0.0.1:{busy}", suggested);
    }

    [Fact]
    public async Task A_missing_policy_file_names_the_file_and_the_setting()
        => AssertShortFailure(await StartAsync($"--HomeFilter:Policy:File={Path.Combine(_folder, "nowhere.json")}"), "nowhere.json' does not exist");

    [Fact]
    public async Task An_invalid_policy_names_its_first_errors_and_the_check_command()
    {
        var policy = Path.Combine(_folder, "policy.json");
        await File.WriteAllTextAsync(policy, """{ "groups": [ { "name": "kids", "clients": ["not-an-address"] } ] }""", TestContext.Current.CancellationToken);
        var result = await StartAsync($"--HomeFilter:Policy:File={policy}");
        AssertShortFailure(result, "$.groups[0].clients[0]");
        Assert.Contains("HomeFilter policy check", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_list_names_the_list_and_where_it_was_looked_for()
    {
        var policy = Path.Combine(_folder, "policy.json");
        await File.WriteAllTextAsync(policy, """{ "categories": { "adult": { "sources": ["adult-missing.txt"] } }, "default": { "block": ["adult"] } }""", TestContext.Current.CancellationToken);
        var result = await StartAsync($"--HomeFilter:Policy:File={policy}");
        AssertShortFailure(result, "list 'adult-missing.txt' of category 'adult' does not exist");
        Assert.Contains(_folder, result.Error, StringComparison.Ordinal);
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"(?:--listen|--admin) (\S+?)(?:\.?\s|\.$)")]
    private static partial Regex Suggestion();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
