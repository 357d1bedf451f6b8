using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace HomeFilter.Tests.Support;

/// <summary>
/// A freshly booted Debian system under a real systemd as its PID 1, for tests of the service unit: this machine's
/// read-only <c>/usr</c> under an empty, volatile root (<c>systemd-nspawn --boot --volatile=yes</c>: no
/// configuration, no users, no state of this machine's), with a network of its own that has only a loopback.
/// Commands run inside with <c>nsenter</c>. Without root or <c>systemd-nspawn</c> a test skips with the reason;
/// under CI it fails instead. Disposing powers the system off (and kills it when it does not stop).
/// </summary>
internal sealed class BootedSystem : IAsyncDisposable
{
    private readonly Process _nspawn;
    private readonly string _nsenter;

    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(90);

    private readonly string _machineId;

    private BootedSystem(Process nspawn, string nsenter, int leader, string machine, string machineId)
    {
        _machineId = machineId;
        _nspawn = nspawn;
        _nsenter = nsenter;
        Leader = leader;
        Machine = machine;
    }

    /// <summary>The system's PID 1 (systemd), as this machine numbers it.</summary>
    public int Leader { get; }

    public string Machine { get; }

    /// <summary>
    /// Boots a system with <paramref name="binds"/> (this machine's path → the path inside, read-only) and waits until
    /// systemd has finished starting it (running, or degraded: some of this machine's packages' services cannot run in it).
    /// </summary>
    public static async Task<BootedSystem> BootAsync(IReadOnlyList<(string Source, string Target)> binds)
    {
        var nspawn = ExternalTool.Require("systemd-nspawn", "systemd-container");
        var nsenter = ExternalTool.Require("nsenter", "util-linux");
        if (!Environment.IsPrivilegedProcess)
        {
            Refuse("booting a system with systemd-nspawn needs root.");
        }

        var machine = "hf-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var start = new ProcessStartInfo(nspawn)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // --keep-unit and --register=no: this machine need not run systemd itself; --console=passive: no terminal.
        foreach (var argument in new[] { "--boot", "--volatile=yes", "--directory=/", "--machine=" + machine, "--private-network", "--register=no", "--keep-unit", "--console=passive" })
        {
            start.ArgumentList.Add(argument);
        }

        // With only a loopback there is no network to wait for: masked (a unit that is /dev/null), as a server
        // without systemd-networkd has it, instead of holding network-online.target for two minutes.
        start.ArgumentList.Add("--bind-ro=/dev/null:/etc/systemd/system/systemd-networkd-wait-online.service");

        // A machine ID of its own makes this an installed system's first start rather than an image's first boot, on
        // which systemd would enable (by preset) and start every service this machine's packages ship — nsd, unbound,
        // PostgreSQL, Prometheus… — and a stuck one holds the boot for its 90 s start timeout. The ID is bound in, so
        // the unit that would write it to disk has nothing to do.
        var machineId = Path.Combine(Path.GetTempPath(), machine + ".machine-id");
        File.WriteAllText(machineId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "\n");
        start.ArgumentList.Add($"--bind-ro={machineId}:/etc/machine-id");
        start.ArgumentList.Add("--bind-ro=/dev/null:/etc/systemd/system/systemd-machine-id-commit.service");
        foreach (var (source, target) in binds)
        {
            start.ArgumentList.Add($"--bind-ro={source}:{target}");
        }

        // A fresh root would otherwise ask for a locale, a time zone and a root password on the console.
        start.ArgumentList.Add("--");
        start.ArgumentList.Add("systemd.firstboot=off");

        var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        var leader = 0;
        var state = "(no PID 1 yet)";
        while (true)
        {
            if (process.HasExited)
            {
                File.Delete(machineId);
                string text;
                lock (output)
                {
                    text = output.ToString().Trim();
                }

                Refuse($"systemd-nspawn exited {process.ExitCode} before the system booted: {text}");
            }

            leader = leader == 0 ? ChildOf(process.Id) : leader;
            BootedSystem? booted = null;
            if (leader != 0)
            {
                booted = new BootedSystem(process, nsenter, leader, machine, machineId);
                state = (await booted.RunAsync(["systemctl", "is-system-running"], TimeSpan.FromSeconds(20))).Output.Trim();
                if (state is "running" or "degraded")
                {
                    return booted;
                }
            }

            if (deadline.Elapsed >= BootTimeout)
            {
                // What held the boot, for the failure message.
                var held = booted is null ? "" : (await booted.RunAsync(["systemctl", "list-jobs", "--no-pager"], TimeSpan.FromSeconds(20))).Output.Trim();
                string console;
                lock (output)
                {
                    console = output.ToString().Trim();
                }

                if (booted is null)
                {
                    process.Kill(entireProcessTree: true);
                    process.Dispose();
                    File.Delete(machineId);
                }
                else
                {
                    await booted.DisposeAsync();
                }

                throw new TimeoutException($"the system {machine} did not finish booting within {BootTimeout.TotalSeconds} s (state: {state}; jobs: {held}; systemd-nspawn: {console})");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Runs a command inside the system (all its namespaces, as its root) and returns its exit code and output.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> command, TimeSpan timeout) =>
        ExternalTool.RunAsync(_nsenter, ["--target", Leader.ToString(CultureInfo.InvariantCulture), "--all", "--", .. command], timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(["systemctl", "poweroff", "--no-block"], TimeSpan.FromSeconds(20));
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _nspawn.WaitForExitAsync(stopped.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            // A system that does not power off in time is killed: the test is over either way.
        }
        finally
        {
            if (!_nspawn.HasExited)
            {
                _nspawn.Kill(entireProcessTree: true);
            }

            _nspawn.Dispose();
            File.Delete(_machineId);
        }
    }

    /// <summary>The first child of a process (systemd-nspawn's child is the system's PID 1), or 0.</summary>
    private static int ChildOf(int pid)
    {
        var path = $"/proc/{pid}/task/{pid}/children";
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = File.ReadAllText(path).Trim();
        var first = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return first.Length > 0 && int.TryParse(first[0], NumberStyles.None, CultureInfo.InvariantCulture, out var child) ? child : 0;
    }

    private static void Refuse(string reason)
    {
        if (ExternalTool.InCi)
        {
            Assert.Fail(reason + " CI runs as root with systemd-container installed (.ci/run).");
        }

        Assert.Skip(reason);
    }
}
