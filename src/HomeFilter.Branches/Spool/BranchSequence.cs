using HomeFilter.Monitoring.QueryLog;

namespace HomeFilter.Branches.Spool;

/// <summary>
/// The branch's row numbers: the high-water is written to the spool database before the numbers are used, so a
/// restart continues after it (and after the highest the central store holds, <see cref="Continue"/>). A branch with
/// neither (a new data directory while the store is unreachable) starts from the clock in microseconds, above any
/// number an earlier run could have reached.
/// </summary>
public sealed class BranchSequence : IQueryLogSequence
{
    private const string Key = "sequence";
    private readonly QueryLogSpool _spool;
    private readonly Lock _gate = new();
    private long _last;

    public BranchSequence(string branch, QueryLogSpool spool, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(branch);
        ArgumentNullException.ThrowIfNull(clock);
        Branch = branch;
        _spool = spool;
        _last = spool.GetMeta(Key) ?? 0;
        Known = _last > 0;
        _floor = (clock.GetUtcNow().UtcDateTime - DateTime.UnixEpoch).Ticks / 10;
    }

    private readonly long _floor;

    public string Branch { get; }

    /// <summary>Whether the spool had a high-water (an earlier run on this data directory).</summary>
    public bool Known { get; private set; }

    /// <summary>The last number handed out.</summary>
    public long Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    /// <summary>Continues after <paramref name="centralHighest"/> when the central store already holds higher numbers.</summary>
    public void Continue(long centralHighest)
    {
        lock (_gate)
        {
            if (centralHighest > _last)
            {
                _last = centralHighest;
                _spool.SetMeta(Key, _last);
            }

            Known = true;
        }
    }

    public long Reserve(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            if (!Known)
            {
                // Nothing known (no local high-water, the central store not asked yet): stay above any earlier run.
                _last = Math.Max(_last, _floor);
                Known = true;
            }

            var first = _last + 1;
            _last += count;
            _spool.SetMeta(Key, _last);
            return first;
        }
    }
}
