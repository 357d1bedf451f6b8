using HomeFilter.Rules.Names;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Rules.Policy;

/// <summary>Turns a validated <see cref="PolicyDocument"/> and the built category trie into a <see cref="CompiledPolicy"/>.</summary>
public static class PolicyCompiler
{
    /// <summary>The built-in category of DNS bypass routes.</summary>
    public const string BypassCategory = "bypass";

    /// <summary>Compiles <paramref name="document"/>.</summary>
    /// <param name="document">A document that passed validation.</param>
    /// <param name="categories">The trie of every category's lists.</param>
    /// <param name="categoryNames">Category names by bit position in <paramref name="categories"/>.</param>
    /// <param name="builtIns">Safe-search mapping and bypass signal names.</param>
    /// <param name="fallbackZone">The time zone when the document names none (the machine's when null).</param>
    /// <exception cref="ArgumentException">The document refers to something that does not exist (validation should have said so).</exception>
    public static CompiledPolicy Compile(PolicyDocument document, CategoryTrie categories, IReadOnlyList<string> categoryNames, BuiltInRules builtIns, TimeZoneInfo? fallbackZone = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(categoryNames);
        ArgumentNullException.ThrowIfNull(builtIns);
        var zone = string.IsNullOrWhiteSpace(document.TimeZone) ? fallbackZone ?? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(document.TimeZone);
        var bits = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < categoryNames.Count; i++)
        {
            bits[categoryNames[i]] = i;
        }

        var bypass = bits.TryGetValue(BypassCategory, out var bypassBit) ? bypassBit : -1;
        var defaultGroup = CompileGroup(-1, null, document.Default, document.BlockMode, bits, bypass);
        var groups = new GroupPolicy[document.Groups.Count];
        var clients = new IReadOnlyList<string>[groups.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            var group = document.Groups[i];
            groups[i] = CompileGroup(i, group.Name, group, document.BlockMode, bits, bypass);
            clients[i] = group.Clients;
        }

        return new CompiledPolicy(
            document,
            new PolicyClock(zone),
            categories,
            categoryNames,
            bypass,
            BuildExplicit(document, builtIns),
            BuildSafeSearch(builtIns),
            builtIns.SafeSearchTargets,
            defaultGroup,
            groups,
            new ClientGroupMatcher(clients),
            Overrides.CompiledOverrides.Compile(document, zone),
            Overrides.DeviceDirectory.Compile(document));
    }

    private static GroupPolicy CompileGroup(int index, string? name, GroupRules rules, string? documentBlockMode, Dictionary<string, int> bits, int bypass)
    {
        var where = name is null ? "default" : $"group '{name}'";
        var mask = MaskOf(rules.Block, bits, where);
        var schedules = new List<SchedulePolicy>(rules.Schedules.Count);
        for (var s = 0; s < rules.Schedules.Count; s++)
        {
            var schedule = rules.Schedules[s];
            var days = WeeklyWindow.ParseDays(schedule.Days);
            var from = WeeklyWindow.ParseTime(schedule.From);
            var to = WeeklyWindow.ParseTime(schedule.To);
            if (days < 0 || from < 0 || to < 0)
            {
                throw new ArgumentException($"{where}: schedule {s + 1} has invalid days or times");
            }

            var all = schedule.Block.Contains("*");
            var scheduleMask = all ? 0 : MaskOf(schedule.Block, bits, where);
            var label = string.IsNullOrWhiteSpace(schedule.Name) ? $"{name ?? "default"} #{s + 1}" : schedule.Name;
            schedules.Add(new SchedulePolicy(label, new WeeklyWindow((byte)days, from, to), scheduleMask, all));
        }

        var blocksAnything = mask != 0 || schedules.Count > 0;
        var protection = rules.BypassProtection ?? blocksAnything;
        if (protection && bypass >= 0)
        {
            mask |= 1UL << bypass;
        }

        var fallback = BlockAnswer.TryParse(documentBlockMode, BlockAnswer.Null, out var documentAnswer) ? documentAnswer : throw new ArgumentException($"invalid blockMode '{documentBlockMode}'");
        if (!BlockAnswer.TryParse(rules.BlockMode, fallback, out var answer))
        {
            throw new ArgumentException($"{where}: invalid blockMode '{rules.BlockMode}'");
        }

        var log = rules.Log?.ToLowerInvariant() switch
        {
            null or "" or "all" => QueryLogMode.All,
            "blocked" => QueryLogMode.Blocked,
            "none" => QueryLogMode.None,
            _ => throw new ArgumentException($"{where}: invalid log mode '{rules.Log}'"),
        };
        return new GroupPolicy(index, name, mask, rules.SafeSearch, schedules, answer, protection, log, rules.AnonymizeClients, rules.Alerts, rules.RateLimit);
    }

    private static ulong MaskOf(List<string> names, Dictionary<string, int> bits, string where)
    {
        var mask = 0UL;
        foreach (var category in names)
        {
            if (!bits.TryGetValue(category, out var bit))
            {
                throw new ArgumentException($"{where}: unknown category '{category}'");
            }

            mask |= 1UL << bit;
        }

        return mask;
    }

    private static CategoryTrie BuildExplicit(PolicyDocument document, BuiltInRules builtIns)
    {
        var builder = new CategoryTrieBuilder();
        foreach (var name in document.Allow)
        {
            builder.Add(DomainName.Normalize(name), RuleValue.AllowSubtree);
        }

        foreach (var name in document.Deny)
        {
            builder.Add(DomainName.Normalize(name), new RuleValue(CompiledPolicy.DenyBit, 0, false, false));
        }

        foreach (var name in builtIns.SignalNames)
        {
            builder.Add(DomainName.Normalize(name), new RuleValue(0, CompiledPolicy.SignalBit, false, false));
        }

        return builder.Build();
    }

    private static CategoryTrie BuildSafeSearch(BuiltInRules builtIns)
    {
        var builder = new CategoryTrieBuilder();
        foreach (var (name, target) in builtIns.SafeSearchNames)
        {
            builder.Add(DomainName.Normalize(name), RuleValue.BlockExact(target));
        }

        return builder.Build();
    }
}
