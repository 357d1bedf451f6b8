using HomeFilter.Rules.Policy;

namespace HomeFilter.Resolver.RateLimit;

/// <summary>
/// Each group's <see cref="ClientLimits"/>: its <c>rateLimit</c> from the policy over the server's defaults. Worked out
/// once per compiled policy (on reload), so a query only indexes an array.
/// </summary>
public sealed class GroupLimits(RateLimitOptions defaults)
{
    private Resolved? _resolved;

    public ClientLimits For(CompiledPolicy policy, GroupPolicy group)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(group);
        var resolved = Volatile.Read(ref _resolved);
        if (resolved is null || !ReferenceEquals(resolved.Policy, policy))
        {
            resolved = Resolve(policy);
            Volatile.Write(ref _resolved, resolved);
        }

        return group.Index >= 0 && group.Index < resolved.Groups.Length ? resolved.Groups[group.Index] : resolved.Default;
    }

    /// <summary>The limits of one group's settings over the server's defaults.</summary>
    public ClientLimits Of(GroupPolicy group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var own = group.RateLimit;
        if (!defaults.Enabled || own?.Enabled == false)
        {
            return ClientLimits.Off;
        }

        return ClientLimits.From(
            own?.QueriesPerSecond ?? defaults.QueriesPerSecond,
            own?.Burst ?? defaults.Burst,
            own?.NetworkQueriesPerSecond ?? defaults.NetworkQueriesPerSecond,
            own?.NetworkBurst ?? defaults.NetworkBurst);
    }

    private Resolved Resolve(CompiledPolicy policy)
    {
        var groups = new ClientLimits[policy.Groups.Count];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = Of(policy.Groups[i]);
        }

        return new Resolved(policy, Of(policy.Default), groups);
    }

    private sealed record Resolved(CompiledPolicy Policy, ClientLimits Default, ClientLimits[] Groups);
}
