using HomeFilter.Tests.Support;

namespace HomeFilter.Tests.Operations;

/// <summary>
/// <c>deploy/systemd/homefilter.service</c> is a unit systemd accepts (<c>systemd-analyze verify</c>: no error and no
/// warning, such as an unknown or misspelt key), with the sandbox the install guide promises.
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly string UnitPath = Path.Combine(RepositoryRoot(), "deploy", "systemd", "homefilter.service");

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit_without_a_warning()
    {
        var analyze = ExternalTool.Require("systemd-analyze", "systemd");

        // verify checks that ExecStart's program exists: point it at this machine's dotnet, wherever it is.
        var dotnet = ExternalTool.Find("dotnet") ?? ExternalTool.Require("dotnet", "dotnet-sdk");
        var folder = Directory.CreateTempSubdirectory("homefilter-unit-").FullName;
        try
        {
            var unit = Path.Combine(folder, "homefilter.service");
            var text = await File.ReadAllTextAsync(UnitPath, TestContext.Current.CancellationToken);
            Assert.Contains("ExecStart=/usr/bin/dotnet ", text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(unit, text.Replace("ExecStart=/usr/bin/dotnet ", $"ExecStart={dotnet} ", StringComparison.Ordinal), TestContext.Current.CancellationToken);
            var (exitCode, output) = await ExternalTool.RunAsync(analyze, ["verify", unit], TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0, $"systemd-analyze verify exited {exitCode}: {output}");
            Assert.True(output.Trim().Length == 0, $"systemd-analyze verify warned: {output}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Type", "notify")]
    [InlineData("DynamicUser", "yes")]
    [InlineData("StateDirectory", "homefilter")]
    [InlineData("StateDirectoryMode", "0700")]
    [InlineData("AmbientCapabilities", "CAP_NET_BIND_SERVICE")]
    [InlineData("CapabilityBoundingSet", "CAP_NET_BIND_SERVICE")]
    [InlineData("NoNewPrivileges", "yes")]
    [InlineData("ProtectSystem", "strict")]
    [InlineData("ProtectHome", "yes")]
    [InlineData("PrivateTmp", "yes")]
    [InlineData("UMask", "0077")]
    public void The_unit_keeps_the_sandbox(string key, string value)
    {
        var lines = File.ReadAllLines(UnitPath).Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{key}={value}"], lines);
    }

    [Fact]
    public void The_stop_timeout_outlasts_the_hosts_shutdown_timeout()
    {
        var line = Assert.Single(File.ReadAllLines(UnitPath), l => l.StartsWith("TimeoutStopSec=", StringComparison.Ordinal));
        var seconds = int.Parse(line["TimeoutStopSec=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(TimeSpan.FromSeconds(seconds) > HomeFilter.Hosting.HomeFilterHost.ShutdownTimeout, $"{line} must exceed the host's {HomeFilter.Hosting.HomeFilterHost.ShutdownTimeout}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HomeFilter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HomeFilter.sln not found above " + AppContext.BaseDirectory);
    }
}
