namespace HomeFilter.Rules.Trie;

/// <summary>
/// What the entries listed for one name say about it: categories that block the name and everything
/// below it, categories that block only the name itself, and allow entries (subtree or exact).
/// </summary>
/// <param name="BlockMask">Categories (one bit each, up to 64) blocking the name and all its subdomains.</param>
/// <param name="ExactBlockMask">Categories blocking only the name itself (adblock <c>|example.com^</c>).</param>
/// <param name="Allow">An allow entry for the name and all its subdomains; it overrides blocks above it.</param>
/// <param name="ExactAllow">An allow entry for the name itself only (adblock <c>@@|example.com^</c>).</param>
public readonly record struct RuleValue(ulong BlockMask, ulong ExactBlockMask, bool Allow, bool ExactAllow)
{
    /// <summary>The highest category number: categories are bits of a 64-bit mask.</summary>
    public const int MaxCategory = 63;

    /// <summary>An allow entry covering the name and its subdomains.</summary>
    public static RuleValue AllowSubtree => new(0, 0, Allow: true, ExactAllow: false);

    /// <summary>An allow entry for the exact name only.</summary>
    public static RuleValue AllowExactName => new(0, 0, Allow: false, ExactAllow: true);

    /// <summary>True when the value says nothing.</summary>
    public bool IsEmpty => BlockMask == 0 && ExactBlockMask == 0 && !Allow && !ExactAllow;

    /// <summary>True when part of the value applies only to the exact name.</summary>
    public bool HasExactPart => ExactBlockMask != 0 || ExactAllow;

    /// <summary>A block of <paramref name="category"/> (0..63) for the name and its subdomains.</summary>
    public static RuleValue Block(int category) => new(CategoryBit(category), 0, false, false);

    /// <summary>A block of <paramref name="category"/> (0..63) for the exact name only.</summary>
    public static RuleValue BlockExact(int category) => new(0, CategoryBit(category), false, false);

    /// <summary>The value one list entry contributes.</summary>
    public static RuleValue For(RuleAction action, MatchScope scope, int category) => (action, scope) switch
    {
        (RuleAction.Allow, MatchScope.Subtree) => AllowSubtree,
        (RuleAction.Allow, _) => AllowExactName,
        (_, MatchScope.Subtree) => Block(category),
        _ => BlockExact(category),
    };

    /// <summary>The bit of a category in a mask.</summary>
    public static ulong CategoryBit(int category)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(category);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(category, MaxCategory);
        return 1UL << category;
    }

    /// <summary>The union of two values listed for the same name.</summary>
    public RuleValue Merge(RuleValue other) => new(
        BlockMask | other.BlockMask,
        ExactBlockMask | other.ExactBlockMask,
        Allow || other.Allow,
        ExactAllow || other.ExactAllow);
}
