using HomeFilter.Rules.Policy.Document;

namespace HomeFilter.Rules.Policy;

/// <summary>The compiled rules of one group (or of the clients in no group).</summary>
public sealed class GroupPolicy
{
    /// <summary>Creates a compiled group.</summary>
    public GroupPolicy(
        int index,
        string? name,
        ulong blockMask,
        bool safeSearch,
        IReadOnlyList<SchedulePolicy> schedules,
        BlockAnswer blockAnswer,
        bool bypassProtection,
        QueryLogMode log,
        bool anonymizeClients,
        GroupAlertSettings? alerts,
        GroupRateLimit? rateLimit = null)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(blockAnswer);
        Index = index;
        Name = name;
        BlockMask = blockMask;
        SafeSearch = safeSearch;
        Schedules = [.. schedules];
        BlockAnswer = blockAnswer;
        BypassProtection = bypassProtection;
        Log = log;
        AnonymizeClients = anonymizeClients;
        Alerts = alerts;
        RateLimit = rateLimit;
    }

    /// <summary>Position in <see cref="CompiledPolicy.Groups"/>; -1 for the default rules.</summary>
    public int Index { get; }

    /// <summary>The group's name; null for the default rules.</summary>
    public string? Name { get; }

    /// <summary>Categories blocked at all times (the bypass category included when protection is on).</summary>
    public ulong BlockMask { get; }

    /// <summary>Search engines and YouTube are rewritten to their enforced safe modes.</summary>
    public bool SafeSearch { get; }

    /// <summary>Windows that add blocks.</summary>
    internal SchedulePolicy[] Schedules { get; }

    /// <summary>The windows, in document order.</summary>
    public IReadOnlyList<SchedulePolicy> ScheduleList => Schedules;

    /// <summary>How blocked names are answered.</summary>
    public BlockAnswer BlockAnswer { get; }

    /// <summary>DoH canary, iCloud Private Relay and bypass providers are blocked.</summary>
    public bool BypassProtection { get; }

    /// <summary>What the query log keeps.</summary>
    public QueryLogMode Log { get; }

    /// <summary>Client addresses are logged truncated.</summary>
    public bool AnonymizeClients { get; }

    /// <summary>Alert settings (null: defaults).</summary>
    public GroupAlertSettings? Alerts { get; }

    /// <summary>The group's query rate limit as the document gives it (null: the server's defaults).</summary>
    public GroupRateLimit? RateLimit { get; }

    /// <summary>The group's name for people: its name, or "default".</summary>
    public string DisplayName => Name ?? "default";
}
