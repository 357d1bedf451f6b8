using System.Runtime.CompilerServices;

namespace HomeFilter.Rules.Trie;

/// <summary>
/// The hash that places a label in a wide block's bucket. FNV-1a over the lower-case bytes (computed
/// while the lookup lower-cases the query label), then a multiplicative mix so the top bits, which pick
/// the bucket, depend on every byte.
/// </summary>
internal static class LabelHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;
    private const uint Mix = 0x9E3779B1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Start() => OffsetBasis;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint hash, byte lowerCaseByte) => (hash ^ lowerCaseByte) * Prime;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Finish(uint hash) => (hash ^ (hash >> 15)) * Mix;

    /// <summary>Mixed hash of a label that is already lower-case.</summary>
    public static uint Of(ReadOnlySpan<byte> lowerCaseLabel)
    {
        var hash = OffsetBasis;
        foreach (var b in lowerCaseLabel)
        {
            hash = (hash ^ b) * Prime;
        }

        return Finish(hash);
    }
}
