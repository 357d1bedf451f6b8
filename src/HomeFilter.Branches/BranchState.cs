using HomeFilter.Branches.Policy;
using HomeFilter.Branches.Spool;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Branches;

namespace HomeFilter.Branches;

/// <summary>What <c>GET /api/branch/status</c> shows and what the branch reports to the registry: the link, the spool, the policy.</summary>
public sealed class BranchState(
    BranchOptions options,
    BranchLink link,
    QueryStatistics statistics,
    SpoolingQueryLogStore? queryLog = null,
    BranchPolicyService? policy = null)
{
    public string Id => options.Id!;

    public bool Connected => link.Connected && policy?.LastError is null;

    public long SpoolDepth => queryLog?.Spool.Rows ?? 0;

    public long PolicyGeneration => policy?.Generation ?? 0;

    public BranchStatusView Status() => new(
        Id,
        Connected,
        link.LastError ?? policy?.LastError,
        link.LastErrorUtc,
        link.LastContactUtc,
        SpoolDepth,
        queryLog?.Spool.OldestUtc,
        queryLog?.Spool.Dropped ?? 0,
        PolicyGeneration,
        policy?.ChangedUtc,
        policy?.LastContactUtc);

    /// <summary>The registry row: queries and blocked since start, spool, policy generation.</summary>
    public BranchStatus Report(bool healthy, string? version) => new()
    {
        Id = Id,
        PolicyGeneration = PolicyGeneration,
        Queries = Total(),
        Blocked = statistics.Get(QueryOutcome.Blocked),
        SpoolDepth = SpoolDepth,
        OldestUnsentUtc = queryLog?.Spool.OldestUtc,
        Healthy = healthy,
        Version = version,
    };

    private long Total()
    {
        long total = 0;
        foreach (var outcome in Enum.GetValues<QueryOutcome>())
        {
            if (outcome != QueryOutcome.None)
            {
                total += statistics.Get(outcome);
            }
        }

        return total;
    }
}

/// <summary>
/// <c>GET /api/branch/status</c>: whether the central store answers, the last error, the spool (rows waiting, the
/// oldest one's arrival, rows ever dropped because it was full), and the central policy generation in force.
/// </summary>
public sealed record BranchStatusView(
    string Branch,
    bool Connected,
    string? LastError,
    DateTime? LastErrorUtc,
    DateTime? LastContactUtc,
    long SpoolDepth,
    DateTime? OldestUnsentUtc,
    long SpoolDropped,
    long PolicyGeneration,
    DateTime? PolicyChangedUtc,
    DateTime? LastPolicyContactUtc);
