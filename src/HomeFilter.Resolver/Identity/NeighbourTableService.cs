using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Identity;

/// <summary>
/// Reads the kernel's neighbour table every <see cref="IdentityOptions.NeighbourRefreshSeconds"/>, off the query path,
/// and swaps the new map in whole. IPv4 comes from <c>/proc/net/arp</c> (a file read, no process); IPv6 from
/// <c>ip -6 neigh show</c> (one short process per read; netlink would save that and cost far more code). A source that
/// cannot be read is said once, then skipped quietly until it can be read again.
/// </summary>
public sealed partial class NeighbourTableService(NeighbourTable table, IdentityOptions options, ILogger<NeighbourTableService> logger) : BackgroundService
{
    public const string ArpPath = "/proc/net/arp";

    private bool _arpFailed;
    private bool _ipFailed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.NeighbourTable)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(options.NeighbourRefreshSeconds, 1, 3600)));
        try
        {
            do
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, also when the start failed further on: not an error worth a stack trace.
        }
    }

    /// <summary>One read of both sources into a new map.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var v4 = new Dictionary<uint, ulong>();
        var v6 = new Dictionary<UInt128, ulong>();
        try
        {
            NeighbourTableParser.ParseProcNetArp(await File.ReadAllTextAsync(ArpPath, cancellationToken).ConfigureAwait(false), v4);
            _arpFailed = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_arpFailed)
            {
                _arpFailed = true;
                LogUnreadable(logger, ArpPath, e.Message);
            }
        }

        if (await ReadIpNeighAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            NeighbourTableParser.ParseIpNeigh(text, v6);
        }

        table.Replace(new NeighbourMap(v4, v6));
    }

    private async Task<string?> ReadIpNeighAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("ip", ["-6", "neigh", "show"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("the process did not start");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill();
                throw new TimeoutException("ip -6 neigh show took more than 5 seconds");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"exit code {process.ExitCode}: {(await error.ConfigureAwait(false)).Trim()}");
            }

            _ipFailed = false;
            return await output.ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException or IOException)
        {
            if (!_ipFailed)
            {
                _ipFailed = true;
                LogUnreadable(logger, "ip -6 neigh show", e.Message);
            }

            return null;
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Cannot read the neighbour table from {Source} ({Reason}); clients there are recognised by client ID, MAC option and address only")]
    private static partial void LogUnreadable(ILogger logger, string source, string reason);
}
