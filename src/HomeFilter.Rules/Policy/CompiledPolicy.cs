using System.Numerics;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Policy.Identity;
using HomeFilter.Rules.Policy.Overrides;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Policy;

/// <summary>
/// A policy ready to answer queries: the category trie, a small trie of the policy's own allow/deny entries and
/// bypass signal names, a trie of safe-search names, the groups and the client matcher. Immutable and pure:
/// the time of a query is a parameter, so every decision is reproducible (and testable with a fake clock).
/// <see cref="Decide(GroupPolicy, ReadOnlySpan{byte}, long)"/> allocates nothing.
/// </summary>
public sealed class CompiledPolicy
{
    internal const ulong DenyBit = 1UL << 0;
    internal const ulong SignalBit = 1UL << 1;

    private readonly string[] _categoryRules;
    private readonly string[][] _scheduleRules;

    internal CompiledPolicy(
        PolicyDocument document,
        PolicyClock clock,
        CategoryTrie categories,
        IReadOnlyList<string> categoryNames,
        int bypassCategory,
        CategoryTrie explicitRules,
        CategoryTrie safeSearch,
        IReadOnlyList<string> safeSearchTargets,
        GroupPolicy defaultGroup,
        IReadOnlyList<GroupPolicy> groups,
        ClientGroupMatcher clients,
        CompiledOverrides overrides,
        DeviceDirectory devices)
    {
        Overrides = overrides;
        Devices = devices;
        Document = document;
        Clock = clock;
        Categories = categories;
        CategoryNames = categoryNames;
        BypassCategory = bypassCategory;
        Explicit = explicitRules;
        SafeSearch = safeSearch;
        SafeSearchTargets = safeSearchTargets;
        Default = defaultGroup;
        Groups = groups;
        Clients = clients;
        _categoryRules = new string[categoryNames.Count];
        for (var i = 0; i < _categoryRules.Length; i++)
        {
            _categoryRules[i] = "category " + categoryNames[i];
        }

        _scheduleRules = new string[groups.Count + 1][];
        for (var g = -1; g < groups.Count; g++)
        {
            var group = g < 0 ? defaultGroup : groups[g];
            var labels = new string[group.Schedules.Length];
            for (var s = 0; s < labels.Length; s++)
            {
                labels[s] = "schedule " + group.Schedules[s].Label;
            }

            _scheduleRules[g + 1] = labels;
        }
    }

    /// <summary>The document this was compiled from.</summary>
    public PolicyDocument Document { get; }

    /// <summary>Local time in the policy's time zone.</summary>
    public PolicyClock Clock { get; }

    /// <summary>The policy's time zone.</summary>
    public TimeZoneInfo TimeZone => Clock.Zone;

    /// <summary>Every category's lists in one trie (bit n = <see cref="CategoryNames"/>[n]).</summary>
    public CategoryTrie Categories { get; }

    /// <summary>Category names by bit position.</summary>
    public IReadOnlyList<string> CategoryNames { get; }

    /// <summary>The bit of the built-in <c>bypass</c> category, or -1.</summary>
    public int BypassCategory { get; }

    /// <summary>The policy's allow entries (trie allows), deny entries (bit 0) and bypass signals (bit 1, exact names).</summary>
    public CategoryTrie Explicit { get; }

    /// <summary>Safe-search names (exact), bit n = <see cref="SafeSearchTargets"/>[n].</summary>
    public CategoryTrie SafeSearch { get; }

    /// <summary>The enforced safe hosts (e.g. <c>forcesafesearch.google.com</c>).</summary>
    public IReadOnlyList<string> SafeSearchTargets { get; }

    /// <summary>The rules for clients in no group.</summary>
    public GroupPolicy Default { get; }

    /// <summary>The groups, in document order.</summary>
    public IReadOnlyList<GroupPolicy> Groups { get; }

    /// <summary>Finds groups from addresses.</summary>
    public ClientGroupMatcher Clients { get; }

    /// <summary>The overrides (pause, allow, block everything) with their ends.</summary>
    public CompiledOverrides Overrides { get; }

    /// <summary>The names of devices, by address.</summary>
    public DeviceDirectory Devices { get; }

    /// <summary>The group of a client (4 or 16 address bytes): its most specific group, else <see cref="Default"/>.</summary>
    public GroupPolicy GroupFor(ReadOnlySpan<byte> clientAddress)
    {
        var index = Clients.Match(clientAddress);
        return index < 0 ? Default : Groups[index];
    }

    /// <summary>
    /// Who a client is: its group and its named device, from what it presents, strongest first — the client ID of an
    /// encrypted transport (null on plain DNS), the MAC address (0 = unknown), the exact address, the longest
    /// prefix (groups only). Group and device are found separately, so a device named by its MAC can sit in a group
    /// that lists its address. Allocates nothing.
    /// </summary>
    public ClientIdentity Identify(string? clientId, ulong mac, ReadOnlySpan<byte> clientAddress)
    {
        var group = Clients.Match(clientId, mac, clientAddress, out var groupBy);
        var device = Devices.Find(clientId, mac, clientAddress, out var deviceBy);
        var known = clientId is not null && (groupBy == IdentityKind.ClientId || deviceBy == IdentityKind.ClientId);
        return new ClientIdentity(group, groupBy, device, deviceBy, known);
    }

    /// <summary>The group of a found identity: <see cref="Groups"/>[<see cref="ClientIdentity.Group"/>], else <see cref="Default"/>.</summary>
    public GroupPolicy GroupOf(in ClientIdentity identity) => identity.Group < 0 ? Default : Groups[identity.Group];

    /// <summary>Decides a query for a lower-case wire-format name at a UTC instant (ticks); overrides of the group apply.</summary>
    public PolicyDecision Decide(GroupPolicy group, ReadOnlySpan<byte> wireName, long utcTicks) => Decide(group, [], wireName, utcTicks);

    /// <summary>Decides a query from a client (4 or 16 address bytes) for a wire-format name at a UTC instant (ticks).</summary>
    public PolicyDecision Decide(GroupPolicy group, ReadOnlySpan<byte> clientAddress, ReadOnlySpan<byte> wireName, long utcTicks)
    {
        ArgumentNullException.ThrowIfNull(group);
        var safe = group.SafeSearch ? SafeSearch.Match(wireName) : TrieMatch.None;
        var over = Overrides.Count == 0 ? OverrideMatch.None : Overrides.Find(group.Index, clientAddress, wireName, utcTicks);
        return Decide(group, Explicit.Match(wireName), Categories.Match(wireName), safe, over, utcTicks, rewrite: true);
    }

    /// <summary>Decides a query for a dotted name at a UTC instant; overrides of the group apply.</summary>
    public PolicyDecision Decide(GroupPolicy group, ReadOnlySpan<char> name, DateTime utc) => Decide(group, [], name, utc);

    /// <summary>Decides a query from a client (4 or 16 address bytes) for a dotted name at a UTC instant.</summary>
    public PolicyDecision Decide(GroupPolicy group, ReadOnlySpan<byte> clientAddress, ReadOnlySpan<char> name, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(group);
        var ticks = utc.ToUniversalTime().Ticks;
        var safe = group.SafeSearch ? SafeSearch.Match(name) : TrieMatch.None;
        var over = Overrides.Count == 0 ? OverrideMatch.None : Overrides.Find(group.Index, clientAddress, name, ticks);
        return Decide(group, Explicit.Match(name), Categories.Match(name), safe, over, ticks, rewrite: true);
    }

    /// <summary>
    /// Decides a name met inside an answer (a CNAME target): blocked or not. Safe search and bypass signals do not
    /// apply there; allow, deny, categories and schedules do.
    /// </summary>
    public PolicyDecision DecideAnswerName(GroupPolicy group, ReadOnlySpan<byte> wireName, long utcTicks) => DecideAnswerName(group, [], wireName, utcTicks);

    /// <summary>Decides a name met inside an answer to a client's query; the client's overrides apply as to the question.</summary>
    public PolicyDecision DecideAnswerName(GroupPolicy group, ReadOnlySpan<byte> clientAddress, ReadOnlySpan<byte> wireName, long utcTicks)
    {
        ArgumentNullException.ThrowIfNull(group);
        var over = Overrides.Count == 0 ? OverrideMatch.None : Overrides.Find(group.Index, clientAddress, wireName, utcTicks);
        return Decide(group, Explicit.Match(wireName), Categories.Match(wireName), TrieMatch.None, over, utcTicks, rewrite: false);
    }

    /// <summary>The deciding category's name, or null.</summary>
    public string? CategoryName(in PolicyDecision decision) =>
        decision.Category >= 0 && decision.Category < CategoryNames.Count ? CategoryNames[decision.Category] : null;

    /// <summary>The deciding rule in words; a string made once per policy, so naming it costs a query nothing.</summary>
    public string? RuleLabel(GroupPolicy group, in PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(group);
        return decision.Source switch
        {
            DecisionSource.Allow => "allow",
            DecisionSource.Deny => "deny",
            DecisionSource.BypassSignal => "bypass signal",
            DecisionSource.SafeSearch => "safe search",
            DecisionSource.Override => Overrides.Label(decision.Schedule),
            DecisionSource.Schedule when decision.Schedule >= 0 => _scheduleRules[group.Index + 1][decision.Schedule],
            DecisionSource.Category when decision.Category >= 0 => _categoryRules[decision.Category],
            _ => null,
        };
    }

    private PolicyDecision Decide(GroupPolicy group, TrieMatch explicitMatch, TrieMatch categoryMatch, TrieMatch safeMatch, OverrideMatch over, long utcTicks, bool rewrite)
    {
        if (rewrite && group.BypassProtection && (explicitMatch.CategoryMask & SignalBit) != 0)
        {
            return new PolicyDecision(PolicyAction.NxDomain, DecisionSource.BypassSignal, BypassCategory, -1, -1, explicitMatch.MatchedLabels);
        }

        var allowed = explicitMatch.AllowMatched;
        switch (over.Kind)
        {
            case OverrideKind.Allow:
            case OverrideKind.Pause:
                return new PolicyDecision(PolicyAction.Pass, DecisionSource.Override, -1, over.Index, -1, 0);
            case OverrideKind.BlockAll when !allowed:
                var category = categoryMatch.CategoryMask == 0 ? -1 : BitOperations.TrailingZeroCount(categoryMatch.CategoryMask);
                return new PolicyDecision(PolicyAction.Block, DecisionSource.Override, category, over.Index, -1, 0);
        }

        if (!allowed)
        {
            if ((explicitMatch.CategoryMask & DenyBit) != 0)
            {
                return new PolicyDecision(PolicyAction.Block, DecisionSource.Deny, -1, -1, -1, explicitMatch.MatchedLabels);
            }

            var blocked = categoryMatch.CategoryMask & group.BlockMask;
            if (blocked != 0)
            {
                return new PolicyDecision(PolicyAction.Block, DecisionSource.Category, BitOperations.TrailingZeroCount(blocked), -1, -1, categoryMatch.MatchedLabels);
            }

            var schedules = group.Schedules;
            if (schedules.Length > 0)
            {
                var minute = Clock.MinuteOfWeek(utcTicks);
                for (var i = 0; i < schedules.Length; i++)
                {
                    var schedule = schedules[i];
                    if (!schedule.Window.Contains(minute))
                    {
                        continue;
                    }

                    var byWindow = categoryMatch.CategoryMask & schedule.BlockMask;
                    if (byWindow != 0)
                    {
                        return new PolicyDecision(PolicyAction.Block, DecisionSource.Schedule, BitOperations.TrailingZeroCount(byWindow), i, -1, categoryMatch.MatchedLabels);
                    }

                    if (schedule.BlockAll)
                    {
                        var category = categoryMatch.CategoryMask == 0 ? -1 : BitOperations.TrailingZeroCount(categoryMatch.CategoryMask);
                        return new PolicyDecision(PolicyAction.Block, DecisionSource.Schedule, category, i, -1, 0);
                    }
                }
            }
        }

        if (rewrite && safeMatch.CategoryMask != 0)
        {
            return new PolicyDecision(PolicyAction.Rewrite, DecisionSource.SafeSearch, -1, -1, BitOperations.TrailingZeroCount(safeMatch.CategoryMask), safeMatch.MatchedLabels);
        }

        return allowed
            ? new PolicyDecision(PolicyAction.Pass, DecisionSource.Allow, -1, -1, -1, explicitMatch.MatchedLabels)
            : PolicyDecision.Pass;
    }
}
