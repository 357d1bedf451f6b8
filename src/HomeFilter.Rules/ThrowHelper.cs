using System.Diagnostics.CodeAnalysis;

namespace HomeFilter.Rules;

/// <summary>Throws kept out of line so the callers stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void TooManyDistinctValues() =>
        throw new InvalidOperationException("More than 65535 distinct category/allow combinations in one trie.");

    [DoesNotReturn]
    public static void InvalidName(string paramName, Names.DomainNameError error) =>
        throw new ArgumentException($"Not a normalised domain name ({error}).", paramName);

    [DoesNotReturn]
    public static void BuilderFrozen() =>
        throw new InvalidOperationException("The builder has already been built; create a new one.");

    [DoesNotReturn]
    public static void SegmentTooLarge() =>
        throw new InvalidOperationException("A top-level domain's subtree exceeds 2 GB.");
}
