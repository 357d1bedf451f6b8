using System.Text;
using HomeFilter.Resolver.LocalData;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Resolver.Reload;

/// <summary>
/// Everything a query needs to decide, immutable, with a generation number: the compiled policy (category trie,
/// groups, schedules, allow/deny, safe search, bypass signals), local records and conditional-forwarding zones.
/// A query reads the current snapshot once, so it never sees half old, half new rules.
/// </summary>
public sealed class RuleSnapshot
{
    private static readonly byte[] DenyText = Encoding.UTF8.GetBytes("blocked: deny list");
    private static readonly byte[] ScheduleText = Encoding.UTF8.GetBytes("blocked: schedule");
    private static readonly byte[] OverrideText = Encoding.UTF8.GetBytes("blocked: override");
    private readonly byte[][] _categoryTexts;
    private readonly byte[][][] _scheduleTexts;

    internal RuleSnapshot(long generation, CompiledPolicy policy, IReadOnlyList<RuleSource> sources, LocalRecordSet local, ForwardZoneSet forward, string? policyPath)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Generation = generation;
        Policy = policy;
        Sources = sources;
        Local = local;
        Forward = forward;
        PolicyPath = policyPath;
        _categoryTexts = new byte[policy.CategoryNames.Count][];
        for (var i = 0; i < _categoryTexts.Length; i++)
        {
            _categoryTexts[i] = Encoding.UTF8.GetBytes("blocked: " + policy.CategoryNames[i]);
        }

        SafeSearchTargetNames = policy.SafeSearchTargets.Select(WireNames.FromDotted).ToArray();
        _scheduleTexts = new byte[policy.Groups.Count + 1][][];
        for (var g = -1; g < policy.Groups.Count; g++)
        {
            var group = g < 0 ? policy.Default : policy.Groups[g];
            var schedules = group.ScheduleList;
            var texts = new byte[schedules.Count][];
            for (var s = 0; s < texts.Length; s++)
            {
                texts[s] = Encoding.UTF8.GetBytes("blocked: schedule " + schedules[s].Label);
            }

            _scheduleTexts[g + 1] = texts;
        }
    }

    public static RuleSnapshot Empty { get; } = new(
        0,
        PolicyCompiler.Compile(new PolicyDocument(), CategoryTrie.Empty, [], BuiltInRules.None, TimeZoneInfo.Utc),
        [],
        LocalRecordSet.Empty,
        ForwardZoneSet.Empty,
        null);

    public long Generation { get; }

    /// <summary>The compiled policy.</summary>
    public CompiledPolicy Policy { get; }

    /// <summary>The category trie (bit n = category n).</summary>
    public CategoryTrie Trie => Policy.Categories;

    /// <summary>Category names by bit position.</summary>
    public IReadOnlyList<string> Categories => Policy.CategoryNames;

    /// <summary>The lists the trie was built from, for explanations.</summary>
    public IReadOnlyList<RuleSource> Sources { get; }

    /// <summary>The policy's local names.</summary>
    internal LocalRecordSet Local { get; }

    /// <summary>Conditional-forwarding zones.</summary>
    public ForwardZoneSet Forward { get; }

    /// <summary>The safe-search targets in wire form, by index.</summary>
    internal IReadOnlyList<byte[]> SafeSearchTargetNames { get; }

    /// <summary>The policy file in force (null when the policy came from settings only).</summary>
    public string? PolicyPath { get; }

    /// <summary>Sources the policy names that could not be loaded (a download with no copy yet); left out of the trie.</summary>
    public IReadOnlyList<MissingListSource> MissingSources { get; init; } = [];

    /// <summary>Categories (bit n = category n) whose every list is missing, so they block nothing yet.</summary>
    public ulong MissingCategories { get; init; }

    /// <summary>
    /// <c>HomeFilter:Lists:WhenCategoryHasNoList=refuse</c>: a client whose rules block a category of
    /// <see cref="MissingCategories"/> is answered REFUSED until its list loads.
    /// </summary>
    public bool RefuseMissingCategories { get; init; }

    /// <summary>The Extended DNS Error text of a block decision ("blocked: adult"), made once per snapshot.</summary>
    public ReadOnlySpan<byte> BlockText(GroupPolicy group, in PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(group);

        // "Block everything now" says so, whatever category the name also has.
        if (decision.Source == DecisionSource.Override)
        {
            return OverrideText;
        }

        if (decision.Category >= 0 && decision.Category < _categoryTexts.Length)
        {
            return _categoryTexts[decision.Category];
        }

        if (decision.Source == DecisionSource.Schedule && decision.Schedule >= 0)
        {
            var texts = _scheduleTexts[group.Index + 1];
            return decision.Schedule < texts.Length ? texts[decision.Schedule] : ScheduleText;
        }

        return DenyText;
    }
}

/// <summary>A list the policy names that could not be loaded, with the category (bit) it belongs to.</summary>
public readonly record struct MissingListSource(string Source, int Category);
