using HomeFilter.Rules.Explain;

namespace HomeFilter.Rules.Policy;

/// <summary>Why the policy answers a name as it does for one client at one time.</summary>
/// <param name="Name">The normalised name.</param>
/// <param name="Client">The client address as given.</param>
/// <param name="Group">The client's group (null: the default rules).</param>
/// <param name="TimeUtc">The instant judged.</param>
/// <param name="LocalTime">The same instant in the policy's time zone.</param>
/// <param name="Action">The decision.</param>
/// <param name="Source">Which part of the policy decided.</param>
/// <param name="Category">The deciding category, if any.</param>
/// <param name="Schedule">The deciding schedule, if any.</param>
/// <param name="RewriteTarget">The safe-search host, for a rewrite.</param>
/// <param name="PolicyEntry">The policy's own allow/deny entry that decided, if any.</param>
/// <param name="ListLines">The list lines naming the name or a parent (list, line, listed name), decisive ones flagged.</param>
/// <param name="Summary">One sentence for people.</param>
public sealed record PolicyExplanation(
    string Name,
    string Client,
    string? Group,
    DateTime TimeUtc,
    DateTime LocalTime,
    PolicyAction Action,
    DecisionSource Source,
    string? Category,
    string? Schedule,
    string? RewriteTarget,
    string? PolicyEntry,
    IReadOnlyList<RuleOrigin> ListLines,
    string Summary);
