using System.Globalization;
using HomeFilter.Monitoring.QueryLog;
using Microsoft.Extensions.Hosting;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>
/// Tells the admin when the query log found at start that the previous run had not stopped cleanly: how many
/// answered queries are missing from the log, and between which times, so a report never silently lacks them.
/// </summary>
public sealed class UncleanStopAlerts(QueryLogWriter writer, AlertEngine engine) : BackgroundService
{
    /// <summary>The alert's client: the log concerns the filter itself, not a device.</summary>
    public const string Client = "query log";

    /// <summary>The alert for <paramref name="stop"/>.</summary>
    public static Alert For(QueryLogUncleanStop stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        var what = stop.Missing == 0
            ? "no answered query is missing from the log."
            : $"{stop.Missing.ToString("N0", CultureInfo.InvariantCulture)} answered queries between {stop.FromUtc.ToString("u", CultureInfo.InvariantCulture)} and {stop.ToUtc.ToString("u", CultureInfo.InvariantCulture)} are not in the log (recorded there as a gap).";
        return new Alert
        {
            Kind = AlertKind.UncleanStop,
            TimeUtc = stop.DetectedUtc,
            Client = Client,
            Name = "",
            Message = $"HomeFilter did not stop cleanly last time (killed, crashed or power cut): {what}",
            DedupeKey = $"unclean-stop:{stop.DetectedUtc.Ticks.ToString(CultureInfo.InvariantCulture)}",
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await writer.Started.WaitAsync(stoppingToken).ConfigureAwait(false);
            if (writer.UncleanStop is { } stop)
            {
                await engine.RaiseAsync(For(stop), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
