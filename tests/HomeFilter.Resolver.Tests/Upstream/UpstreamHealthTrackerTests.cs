using HomeFilter.Resolver.Upstream;

namespace HomeFilter.Resolver.Tests.Upstream;

/// <summary>The health state machine with explicit clock values, so back-off arithmetic is exact.</summary>
public sealed class UpstreamHealthTrackerTests
{
    private static readonly UpstreamAddress Address = UpstreamAddress.Parse("192.0.2.1");

    [Fact]
    public void Goes_down_after_the_configured_consecutive_failures_only()
    {
        var health = new UpstreamHealthTracker(failuresBeforeDown: 3, initialBackoffMs: 5_000, maxBackoffMs: 60_000);

        health.RecordFailure(timedOut: true, 2_000, "timeout", probe: false, nowMs: 1_000);
        health.RecordFailure(timedOut: false, 0, "refused", probe: false, nowMs: 1_100);
        health.RecordSuccess(10);
        Assert.Equal(HealthTransition.None, health.RecordFailure(true, 2_000, "timeout", false, 1_200));
        Assert.Equal(HealthTransition.None, health.RecordFailure(true, 2_000, "timeout", false, 1_300));
        Assert.False(health.IsDown);

        Assert.Equal(HealthTransition.WentDown, health.RecordFailure(false, 0, "network error: ConnectionRefused", false, 1_400));

        Assert.True(health.IsDown);
        Assert.Equal(6_400, health.RetryAtMs);
        var snapshot = health.Snapshot(Address, 1_400);
        Assert.Equal(UpstreamState.Down, snapshot.State);
        Assert.Equal(1, snapshot.Successes);
        Assert.Equal(2, snapshot.Failures);
        Assert.Equal(3, snapshot.Timeouts);
        Assert.Equal(3, snapshot.ConsecutiveFailures);
        Assert.Equal("network error: ConnectionRefused", snapshot.LastError);
        Assert.NotNull(snapshot.DownSince);
        Assert.NotNull(snapshot.NextProbeAt);
    }

    [Fact]
    public void Probes_are_due_after_the_back_off_one_at_a_time_and_a_failed_probe_doubles_it_up_to_the_maximum()
    {
        var health = new UpstreamHealthTracker(failuresBeforeDown: 1, initialBackoffMs: 5_000, maxBackoffMs: 12_000);
        health.RecordFailure(true, 2_000, "timeout", false, nowMs: 0);

        Assert.False(health.TryClaimProbe(4_999));
        Assert.True(health.TryClaimProbe(5_000));
        Assert.False(health.TryClaimProbe(5_001));

        Assert.Equal(HealthTransition.ProbeFailed, health.RecordFailure(true, 2_000, "timeout", probe: true, nowMs: 7_000));
        Assert.Equal(17_000, health.RetryAtMs);
        Assert.False(health.TryClaimProbe(16_999));
        Assert.True(health.TryClaimProbe(17_000));

        Assert.Equal(HealthTransition.ProbeFailed, health.RecordFailure(true, 2_000, "timeout", probe: true, nowMs: 19_000));
        Assert.Equal(31_000, health.RetryAtMs);
    }

    [Fact]
    public void A_failure_of_a_query_that_was_not_a_probe_does_not_move_the_back_off()
    {
        var health = new UpstreamHealthTracker(failuresBeforeDown: 1, initialBackoffMs: 5_000, maxBackoffMs: 60_000);
        health.RecordFailure(true, 2_000, "timeout", false, nowMs: 0);

        Assert.Equal(HealthTransition.None, health.RecordFailure(true, 2_000, "timeout", probe: false, nowMs: 100));

        Assert.Equal(5_000, health.RetryAtMs);
    }

    [Fact]
    public void A_success_brings_it_back_and_resets_the_failure_count()
    {
        var health = new UpstreamHealthTracker(failuresBeforeDown: 1, initialBackoffMs: 5_000, maxBackoffMs: 60_000);
        health.RecordFailure(true, 2_000, "timeout", false, nowMs: 0);
        Assert.True(health.TryClaimProbe(5_000));

        Assert.Equal(HealthTransition.CameBack, health.RecordSuccess(12));
        Assert.Equal(HealthTransition.None, health.RecordSuccess(12));

        Assert.False(health.IsDown);
        var snapshot = health.Snapshot(Address, 5_000);
        Assert.Equal(UpstreamState.Healthy, snapshot.State);
        Assert.Equal(0, snapshot.ConsecutiveFailures);
        Assert.Null(snapshot.DownSince);
        Assert.Null(snapshot.NextProbeAt);
        Assert.Equal("timeout", snapshot.LastError);
    }

    [Fact]
    public void Unknown_until_the_first_answer_then_healthy()
    {
        var health = new UpstreamHealthTracker(failuresBeforeDown: 3, initialBackoffMs: 5_000, maxBackoffMs: 60_000);
        Assert.Equal(UpstreamState.Unknown, health.Snapshot(Address, 0).State);

        health.RecordFailure(timedOut: true, 2_000, "timeout", probe: false, nowMs: 0);
        Assert.Equal(UpstreamState.Unknown, health.Snapshot(Address, 0).State);

        health.RecordSuccess(10);
        Assert.Equal(UpstreamState.Healthy, health.Snapshot(Address, 0).State);

        health.RecordFailure(timedOut: true, 2_000, "timeout", probe: false, nowMs: 0);
        Assert.Equal(UpstreamState.Healthy, health.Snapshot(Address, 0).State);
    }

    [Fact]
    public void A_released_probe_can_be_claimed_again()
    {
        var health = new UpstreamHealthTracker(failuresBeforeDown: 1, initialBackoffMs: 10, maxBackoffMs: 10);
        health.RecordFailure(true, 2_000, "timeout", false, nowMs: 0);
        Assert.True(health.TryClaimProbe(10));

        health.ReleaseProbe();

        Assert.True(health.TryClaimProbe(10));
    }

    [Fact]
    public void Latency_is_an_ewma_pulled_up_by_timeouts_and_starts_unmeasured()
    {
        var health = new UpstreamHealthTracker(failuresBeforeDown: 10, initialBackoffMs: 10, maxBackoffMs: 10);
        Assert.Null(health.Snapshot(Address, 0).LatencyMs);
        Assert.Equal(0, health.RankLatencyMs);

        health.RecordSuccess(10);
        Assert.Equal(10, health.RankLatencyMs, 3);
        health.RecordSuccess(20);
        Assert.Equal(13, health.RankLatencyMs, 3);
        health.RecordFailure(timedOut: true, 1_000, "timeout", false, 0);
        Assert.Equal(13 + (0.3 * (1_000 - 13)), health.RankLatencyMs, 3);
        health.RecordFailure(timedOut: false, 0, "refused", false, 0);
        Assert.Equal(13 + (0.3 * (1_000 - 13)), health.RankLatencyMs, 3);
    }
}
