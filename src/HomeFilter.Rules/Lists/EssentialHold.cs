namespace HomeFilter.Rules.Lists;

/// <summary>A list entry held back because it would block an essential name (see <see cref="EssentialNames"/>).</summary>
/// <param name="Name">The entry's normalised name.</param>
/// <param name="LineNumber">Its 1-based line in the list.</param>
public readonly record struct EssentialHold(string Name, int LineNumber);
