namespace HomeFilter.Rules.Policy;

/// <summary>A compiled schedule: its window and what it blocks while open.</summary>
/// <param name="Label">Its name, or <c>schedule N</c>, for explanations and the query log.</param>
/// <param name="Window">When it applies.</param>
/// <param name="BlockMask">Categories it adds.</param>
/// <param name="BlockAll">It blocks everything except the policy's allow entries (<c>"*"</c>).</param>
public sealed record SchedulePolicy(string Label, WeeklyWindow Window, ulong BlockMask, bool BlockAll);
