namespace HomeFilter.Resolver.Upstream;

/// <summary>
/// The running health of one upstream. The answer path (the common case) is lock-free: counters are
/// interlocked and the latency average tolerates a lost update. State changes (down, back up, back-off)
/// take a lock; they happen on failures only.
/// </summary>
internal sealed class UpstreamHealthTracker(int failuresBeforeDown, int initialBackoffMs, int maxBackoffMs)
{
    /// <summary>Weight of the newest sample in the latency average: about the last five answers count.</summary>
    private const double NewSampleWeight = 0.3;

    private readonly Lock _lock = new();
    private long _successes;
    private long _failures;
    private long _timeouts;
    private long _mismatches;
    private int _consecutiveFailures;
    private double _latencyMs = -1;
    private int _down;
    private int _probing;
    private long _retryAtMs;
    private int _backoffMs;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _downSince;

    public bool IsDown => Volatile.Read(ref _down) != 0;

    /// <summary>The latency average used to rank upstreams; 0 until measured, so a new upstream gets tried and measured.</summary>
    public double RankLatencyMs => Math.Max(0, Volatile.Read(ref _latencyMs));

    /// <summary>Milliseconds (of <see cref="Environment.TickCount64"/>) when the next probe is due, while down.</summary>
    public long RetryAtMs => Volatile.Read(ref _retryAtMs);

    /// <summary>Records an answer; returns <see cref="HealthTransition.CameBack"/> when that ended a down state.</summary>
    public HealthTransition RecordSuccess(double elapsedMs)
    {
        Interlocked.Increment(ref _successes);
        UpdateLatency(elapsedMs);
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Interlocked.Exchange(ref _consecutiveFailures, 0);
        }

        if (Volatile.Read(ref _down) == 0)
        {
            return HealthTransition.None;
        }

        lock (_lock)
        {
            if (_down == 0)
            {
                return HealthTransition.None;
            }

            _down = 0;
            _probing = 0;
            _downSince = null;
            return HealthTransition.CameBack;
        }
    }

    public void RecordMismatch() => Interlocked.Increment(ref _mismatches);

    /// <summary>
    /// Records a failed attempt. A timeout also pulls the latency average up (by <paramref name="timeoutMs"/>)
    /// so a flaky upstream drops in the ranking before it is marked down. A failed probe doubles the back-off.
    /// </summary>
    public HealthTransition RecordFailure(bool timedOut, double timeoutMs, string error, bool probe, long nowMs)
    {
        if (timedOut)
        {
            Interlocked.Increment(ref _timeouts);
            UpdateLatency(timeoutMs);
        }
        else
        {
            Interlocked.Increment(ref _failures);
        }

        var consecutive = Interlocked.Increment(ref _consecutiveFailures);
        lock (_lock)
        {
            _lastError = error;
            _lastErrorAt = DateTimeOffset.UtcNow;
            if (_down == 0)
            {
                if (consecutive < failuresBeforeDown)
                {
                    return HealthTransition.None;
                }

                _down = 1;
                _downSince = _lastErrorAt;
                _backoffMs = initialBackoffMs;
                _retryAtMs = nowMs + _backoffMs;
                _probing = 0;
                return HealthTransition.WentDown;
            }

            if (!probe)
            {
                // A query that was already under way when the upstream went down: not a new verdict.
                return HealthTransition.None;
            }

            _backoffMs = (int)Math.Min((long)_backoffMs * 2, maxBackoffMs);
            _retryAtMs = nowMs + _backoffMs;
            _probing = 0;
            return HealthTransition.ProbeFailed;
        }
    }

    /// <summary>Claims the one probe of a down upstream whose back-off has passed; false if not due or taken.</summary>
    public bool TryClaimProbe(long nowMs)
        => Volatile.Read(ref _down) != 0
            && nowMs >= Volatile.Read(ref _retryAtMs)
            && Interlocked.CompareExchange(ref _probing, 1, 0) == 0;

    /// <summary>Gives a claimed probe back unused (the query was cancelled before it could tell anything).</summary>
    public void ReleaseProbe() => Volatile.Write(ref _probing, 0);

    /// <summary>The back-off that applies now (for the log).</summary>
    public int BackoffMs => Volatile.Read(ref _backoffMs);

    public UpstreamHealth Snapshot(UpstreamAddress address, long nowMs)
    {
        lock (_lock)
        {
            var latency = Volatile.Read(ref _latencyMs);
            return new UpstreamHealth(
                address.Text,
                address.Protocol,
                _down != 0 ? UpstreamState.Down : Interlocked.Read(ref _successes) == 0 ? UpstreamState.Unknown : UpstreamState.Healthy,
                latency < 0 ? null : Math.Round(latency, 2),
                Interlocked.Read(ref _successes),
                Interlocked.Read(ref _failures),
                Interlocked.Read(ref _timeouts),
                Interlocked.Read(ref _mismatches),
                Volatile.Read(ref _consecutiveFailures),
                _lastError,
                _lastErrorAt,
                _downSince,
                _down != 0 ? DateTimeOffset.UtcNow.AddMilliseconds(Math.Max(0, _retryAtMs - nowMs)) : null);
        }
    }

    private void UpdateLatency(double sampleMs)
    {
        var current = Volatile.Read(ref _latencyMs);
        var next = current < 0 ? sampleMs : current + (NewSampleWeight * (sampleMs - current));
        Volatile.Write(ref _latencyMs, next);
    }
}
