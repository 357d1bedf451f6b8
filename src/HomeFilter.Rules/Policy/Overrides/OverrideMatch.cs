namespace HomeFilter.Rules.Policy.Overrides;

/// <summary>The override that decides a query: its kind and its index in the document, or <see cref="None"/>.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Index">Its index in <c>overrides</c>, or -1.</param>
public readonly record struct OverrideMatch(OverrideKind Kind, int Index)
{
    /// <summary>No override applies.</summary>
    public static OverrideMatch None => new(OverrideKind.None, -1);
}
