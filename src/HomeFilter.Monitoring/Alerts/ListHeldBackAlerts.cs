using System.Globalization;
using System.Threading.Channels;
using HomeFilter.Resolver.Reload.Sources;
using Microsoft.Extensions.Hosting;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>
/// Turns a list copy held back by a guard (the resolver's <see cref="ListSourceStates.HeldBackRaised"/>) into an admin
/// alert. The resolver only raises an event, so it does not depend on monitoring; the event handler only queues, so a
/// slow alert store never holds up a list refresh.
/// </summary>
public sealed class ListHeldBackAlerts(ListSourceStates states, AlertEngine engine) : BackgroundService
{
    /// <summary>The alert's client: a list concerns the filter itself, not a device.</summary>
    public const string Client = "lists";

    private readonly Channel<ListHeldBackEventArgs> _queue = Channel.CreateBounded<ListHeldBackEventArgs>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>The alert for <paramref name="held"/>: one per list and day, however often the host repeats the mistake.</summary>
    public static Alert For(ListHeldBackEventArgs held)
    {
        ArgumentNullException.ThrowIfNull(held);
        var since = held.LastGoodUtc is { } last ? $" The copy from {last.ToString("u", CultureInfo.InvariantCulture)} stays in force." : "";
        return new Alert
        {
            Kind = AlertKind.ListHeldBack,
            TimeUtc = held.TimeUtc,
            Client = Client,
            Name = held.Id,
            Message = $"The new copy of list {held.Source} was held back: {held.Reason}{since}",
            DedupeKey = $"list-held-back:{held.Id}:{held.TimeUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
        };
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        states.HeldBackRaised += OnHeldBack;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        states.HeldBackRaised -= OnHeldBack;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var held in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await engine.RaiseAsync(For(held), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnHeldBack(object? sender, ListHeldBackEventArgs held) => _queue.Writer.TryWrite(held);
}
