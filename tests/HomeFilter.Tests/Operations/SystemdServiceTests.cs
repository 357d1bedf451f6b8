using HomeFilter.Tests.Support;

namespace HomeFilter.Tests.Operations;

/// <summary>
/// <c>deploy/systemd/homefilter.service</c>, installed as <c>docs/install.md</c> says on a freshly booted Debian system
/// under a real systemd (<see cref="BootedSystem"/>): <c>systemctl enable --now</c> returns once the program has said
/// it is ready (<c>Type=notify</c>), it runs as a user of its own with no capability but binding port 53, answers DNS
/// on port 53 and its health on the admin port, reads the neighbour table inside the sandbox, keeps its state
/// directory owner-only, and stops cleanly.
/// </summary>
public sealed class SystemdServiceTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_unit_starts_the_program_on_a_fresh_system_and_stops_it_cleanly()
    {
        ExternalTool.Require("dig", "bind9-dnsutils");
        ExternalTool.Require("curl", "curl");
        var unit = Path.Combine(RepositoryRoot(), "deploy", "systemd", "homefilter.service");

        // The program as this test build has it (HomeFilter.dll and what it needs), where the unit expects it.
        await using var system = await BootedSystem.BootAsync([(AppContext.BaseDirectory.TrimEnd('/'), "/opt/homefilter"), (unit, "/etc/systemd/system/homefilter.service")]);

        // A start builds the rules from the bundled lists and opens the log: a Debug build on a busy machine is slow.
        var (started, startOutput) = await system.RunAsync(["systemctl", "enable", "--now", "homefilter.service"], TimeSpan.FromSeconds(300));
        Assert.True(started == 0, $"systemctl enable --now exited {started}: {startOutput}\n{await JournalAsync(system)}");
        Assert.Equal("active", await ValueAsync(system, "systemctl", "is-active", "homefilter.service"));

        // The main process: not root, and only CAP_NET_BIND_SERVICE (bit 10) among its effective capabilities.
        var mainPid = await ValueAsync(system, "systemctl", "show", "--property=MainPID", "--value", "homefilter.service");
        var status = (await system.RunAsync(["cat", $"/proc/{mainPid}/status"], Step)).Output;
        var uid = Field(status, "Uid:").Split('\t', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.NotEqual("0", uid);
        Assert.Equal("0000000000000400", Field(status, "CapEff:"));

        // Port 53 is served: a CHAOS-class query is answered by the program itself (REFUSED), never forwarded.
        var (_, dig) = await system.RunAsync(["dig", "@127.0.0.1", "-p", "53", "version.bind", "CH", "TXT", "+tries=3", "+time=5"], Step);
        Assert.Contains("status: REFUSED", dig, StringComparison.Ordinal);

        var (_, live) = await system.RunAsync(["curl", "--silent", "--output", "/dev/null", "--write-out", "%{http_code}", "http://127.0.0.1:8080/health/live"], Step);
        Assert.Equal("200", live.Trim());

        // Its state directory belongs to its dynamic user alone.
        Assert.Equal($"700 {uid}", await ValueAsync(system, "stat", "--dereference", "--format=%a %u", "/var/lib/homefilter"));
        var files = await ValueAsync(system, "find", "/var/lib/private/homefilter", "-maxdepth", "1", "-type", "f", "-perm", "/077");
        Assert.True(files.Length == 0, "files others may read: " + files);

        // Nothing the sandbox forbids is needed: the neighbour table (ip, for devices known by MAC) is read.
        var journal = await JournalAsync(system);
        Assert.DoesNotContain("Cannot read the neighbour table", journal, StringComparison.Ordinal);

        var (stopped, stopOutput) = await system.RunAsync(["systemctl", "stop", "homefilter.service"], Step);
        Assert.True(stopped == 0, $"systemctl stop exited {stopped}: {stopOutput}");
        Assert.Equal("success", await ValueAsync(system, "systemctl", "show", "--property=Result", "--value", "homefilter.service"));
        Assert.Equal("0", await ValueAsync(system, "systemctl", "show", "--property=ExecMainStatus", "--value", "homefilter.service"));
    }

    private static async Task<string> ValueAsync(BootedSystem system, params string[] command) =>
        (await system.RunAsync(command, Step)).Output.Trim();

    private static async Task<string> JournalAsync(BootedSystem system) =>
        (await system.RunAsync(["journalctl", "--unit=homefilter.service", "--no-pager", "--lines=60"], Step)).Output;

    private static string Field(string status, string name)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return line[name.Length..].Trim();
            }
        }

        throw new InvalidOperationException($"{name} not in /proc/PID/status: {status}");
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
