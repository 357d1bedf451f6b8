using System.Globalization;
using System.Net;
using HomeFilter.Rules.Explain;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Names;

namespace HomeFilter.Rules.Policy;

/// <summary>
/// Explains a decision for a client, a name and a time: group, schedule, category, and the list lines behind it
/// (found by re-reading the lists, off the query path). Used by <c>HomeFilter policy explain</c> and the admin API.
/// </summary>
public static class PolicyExplainer
{
    /// <summary>Explains what <paramref name="policy"/> does with <paramref name="name"/> for <paramref name="client"/> at <paramref name="utc"/>.</summary>
    /// <exception cref="FormatException">The name is not a valid domain name.</exception>
    public static PolicyExplanation Explain(CompiledPolicy policy, IReadOnlyList<RuleSource> sources, IPAddress client, string name, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(client);
        if (!DomainName.TryNormalize(name, out var normalized, out var error))
        {
            throw new FormatException($"'{name}' is not a valid domain name ({error})");
        }

        utc = DateTime.SpecifyKind(utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime() : utc, DateTimeKind.Utc);
        var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        var group = policy.GroupFor(address.GetAddressBytes());
        var decision = policy.Decide(group, address.GetAddressBytes(), normalized, utc);
        var category = policy.CategoryName(decision);
        var schedule = decision.Source == DecisionSource.Schedule && decision.Schedule >= 0 ? group.ScheduleList[decision.Schedule].Label : null;
        var target = decision.RewriteTarget >= 0 ? policy.SafeSearchTargets[decision.RewriteTarget] : null;
        var entry = decision.Source is DecisionSource.Allow or DecisionSource.Deny or DecisionSource.BypassSignal
            ? Suffix(normalized, decision.MatchedLabels)
            : null;
        var lines = new RuleExplainer(sources).Explain(policy.Categories, normalized).Origins;
        var local = policy.Clock.ToLocal(utc);
        var summary = Summarise(group, decision, category, schedule, target, entry, lines, policy, local);
        return new PolicyExplanation(normalized, client.ToString(), group.Name, utc, local, decision.Action, decision.Source, category, schedule, target, entry, lines, summary);
    }

    private static string Summarise(GroupPolicy group, PolicyDecision decision, string? category, string? schedule, string? target, string? entry, IReadOnlyList<RuleOrigin> lines, CompiledPolicy policy, DateTime local)
    {
        var who = group.Name is null ? "clients in no group" : $"group '{group.Name}'";
        var at = local.ToString("ddd HH:mm", CultureInfo.InvariantCulture);
        string? Line()
        {
            foreach (var line in lines)
            {
                if (line.Decisive && (category is null || policy.CategoryNames[line.Category] == category))
                {
                    return $" ({line.ListName} line {line.LineNumber}: {line.ListedName})";
                }
            }

            return null;
        }

        return decision.Source switch
        {
            DecisionSource.BypassSignal => $"NXDOMAIN for {who}: '{entry}' is a bypass signal (bypass protection is on)",
            DecisionSource.Deny => $"Blocked for {who}: the policy denies '{entry}'",
            DecisionSource.Category => $"Blocked for {who}: category '{category}'{Line()}",
            DecisionSource.Schedule when category is not null => $"Blocked for {who} at {at}: schedule '{schedule}' blocks category '{category}'{Line()}",
            DecisionSource.Schedule => $"Blocked for {who} at {at}: schedule '{schedule}' blocks everything but the allow entries",
            DecisionSource.SafeSearch => $"Rewritten for {who} to {target} (safe search)",
            DecisionSource.Override when decision.Action == PolicyAction.Block => $"Blocked for this device at {at}: {policy.RuleLabel(group, decision)}",
            DecisionSource.Override => $"Allowed for this device at {at}: {policy.RuleLabel(group, decision)}",
            DecisionSource.Allow => $"Allowed for {who}: the policy allows '{entry}'",
            _ => $"Resolved normally for {who}",
        };
    }

    private static string Suffix(string name, int labels)
    {
        var parts = name.Split('.');
        return labels <= 0 || labels >= parts.Length ? name : string.Join('.', parts[^labels..]);
    }
}
