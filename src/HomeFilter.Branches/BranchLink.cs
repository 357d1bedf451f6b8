using Microsoft.Extensions.Logging;

namespace HomeFilter.Branches;

/// <summary>
/// Whether the central store answers, as the spool and the policy service last found it. A change of state is logged
/// once (disconnect, reconnect), never per batch.
/// </summary>
public sealed partial class BranchLink(ILogger<BranchLink> logger, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private bool _connected = true;
    private bool _everFailed;

    public bool Connected
    {
        get
        {
            lock (_gate)
            {
                return _connected;
            }
        }
    }

    public string? LastError { get; private set; }

    public DateTime? LastErrorUtc { get; private set; }

    /// <summary>The last time the central store answered.</summary>
    public DateTime? LastContactUtc { get; private set; }

    /// <summary>Completes (and is replaced) each time the link comes back, so waiters can ship at once.</summary>
    public event Action? Reconnected;

    /// <summary>The store answered.</summary>
    public void Up()
    {
        bool changed;
        lock (_gate)
        {
            changed = !_connected;
            _connected = true;
            LastContactUtc = clock.GetUtcNow().UtcDateTime;
        }

        if (changed)
        {
            LogReconnected(logger);
            Reconnected?.Invoke();
        }
    }

    /// <summary>The store failed; true when this is the change from connected.</summary>
    public bool Down(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        bool changed;
        lock (_gate)
        {
            changed = _connected;
            _connected = false;
            _everFailed = true;
            LastError = error.Message;
            LastErrorUtc = clock.GetUtcNow().UtcDateTime;
        }

        if (changed)
        {
            LogDisconnected(logger, error.Message);
        }

        return changed;
    }

    /// <summary>Whether the store ever failed since start.</summary>
    public bool EverFailed
    {
        get
        {
            lock (_gate)
            {
                return _everFailed;
            }
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Central store unreachable ({Error}): query-log rows and alerts are kept in the local spool, the policy in force stays")]
    private static partial void LogDisconnected(ILogger logger, string error);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Central store reachable again: shipping the spool")]
    private static partial void LogReconnected(ILogger logger);
}
