namespace HomeFilter.Rules.Trie;

/// <summary>
/// What the entries above a node already imply for it: the accumulated block mask and whether an allow
/// reset it. Used at freeze time to drop values that change nothing (a blocked parent absorbs children).
/// </summary>
internal readonly record struct PathState(ulong Mask, bool Allowed)
{
    /// <summary>
    /// Applies a node's value for its descendants and says whether the value must be kept: it is
    /// dropped when the path above already implies everything it says.
    /// </summary>
    public PathState Apply(RuleValue value, out bool keep)
    {
        if (value.HasExactPart)
        {
            // Exact parts only matter at the node itself; never drop them, and let only the subtree part flow down.
            keep = true;
            return ApplySubtree(value);
        }

        if (value.Allow)
        {
            keep = !(Allowed && Mask == 0);
            return new PathState(0, true);
        }

        var mask = Mask | value.BlockMask;
        keep = mask != Mask;
        return keep ? new PathState(mask, false) : this;
    }

    private PathState ApplySubtree(RuleValue value)
    {
        if (value.Allow)
        {
            return new PathState(0, true);
        }

        return value.BlockMask != 0 ? new PathState(Mask | value.BlockMask, false) : this;
    }
}
