using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace HomeFilter.Rules.Trie;

/// <summary>
/// The byte layout of a frozen trie, shared by the writer and the reader so both agree by construction.
/// </summary>
/// <remarks>
/// A child block is: varint child count; for more than <see cref="LinearLimit"/> children a table of
/// <c>buckets + 1</c> little-endian uint32 offsets (relative to the first record) so that a lookup jumps
/// to one bucket of about <see cref="TargetBucketLoad"/> records; then the records, grouped by bucket.
/// A record is: header byte (bits 0-5 label length 1..63, bit 6 has value, bit 7 has children), the
/// lower-case label bytes, a varint value index when it has a value, and a uint32 child pointer when it
/// has children (an offset in the same segment, or a segment number in the root block).
/// </remarks>
internal static class TrieFormat
{
    public const int LinearLimit = 8;
    public const int TargetBucketLoad = 8;
    public const byte LengthMask = 0x3F;
    public const byte HasValueFlag = 0x40;
    public const byte HasChildrenFlag = 0x80;
    public const int ChildPointerSize = 4;

    /// <summary>Buckets for a wide block: a power of two near count / load, at least 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BucketBits(int childCount)
    {
        var buckets = (uint)((childCount + TargetBucketLoad - 1) / TargetBucketLoad);
        var bits = BitOperations.Log2(BitOperations.RoundUpToPowerOf2(buckets));
        return bits < 1 ? 1 : bits;
    }

    /// <summary>Bucket of a label hash; monotone in the mixed hash, which keeps buckets contiguous when sorted by it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bucket(uint mixedHash, int bits) => (int)(mixedHash >> (32 - bits));

    /// <summary>Size of the block header (count varint plus bucket table) for a given child count.</summary>
    public static int BlockHeaderSize(int childCount)
    {
        var size = VarintSize((uint)childCount);
        if (childCount > LinearLimit)
        {
            size += ((1 << BucketBits(childCount)) + 1) * sizeof(uint);
        }

        return size;
    }

    /// <summary>Size of one record.</summary>
    public static int RecordSize(int labelLength, int valueIndex, bool hasChildren) =>
        1 + labelLength + (valueIndex >= 0 ? VarintSize((uint)valueIndex) : 0) + (hasChildren ? ChildPointerSize : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int VarintSize(uint value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;

    public static int WriteVarint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadVarint(ReadOnlySpan<byte> source, ref int position)
    {
        uint b = source[position++];
        if (b < 0x80)
        {
            return b;
        }

        return ReadVarintSlow(source, ref position, b);
    }

    private static uint ReadVarintSlow(ReadOnlySpan<byte> source, ref int position, uint first)
    {
        var value = first & 0x7F;
        var shift = 7;
        while (true)
        {
            uint b = source[position++];
            value |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32(ReadOnlySpan<byte> source, int position) =>
        BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(position, sizeof(uint)));

    public static void WriteUInt32(Span<byte> destination, int position, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(position, sizeof(uint)), value);
}
