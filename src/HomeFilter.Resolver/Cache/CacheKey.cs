namespace HomeFilter.Resolver.Cache;

/// <summary>
/// A cache key as stored: lower-cased wire name, QTYPE, QCLASS and a byte with the DO and CD bits
/// (the bits that change what an upstream answers), with its hash computed once.
/// </summary>
internal readonly struct CacheKey(byte[] bytes, int hash)
{
    /// <summary>Longest key: a 255-byte name plus type, class and flags.</summary>
    public const int MaxLength = 255 + 5;

    public byte[] Bytes { get; } = bytes;

    public int Hash { get; } = hash;

    /// <summary>Writes the key bytes for a question; the name is lower-cased on the way so case never splits entries.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> name, ushort type, ushort @class, bool dnssecOk, bool checkingDisabled)
    {
        for (var i = 0; i < name.Length; i++)
        {
            var value = name[i];
            destination[i] = (uint)(value - 'A') <= 'Z' - 'A' ? (byte)(value | 0x20) : value;
        }

        var position = name.Length;
        destination[position] = (byte)(type >> 8);
        destination[position + 1] = (byte)type;
        destination[position + 2] = (byte)(@class >> 8);
        destination[position + 3] = (byte)@class;
        destination[position + 4] = (byte)((dnssecOk ? 1 : 0) | (checkingDisabled ? 2 : 0));
        return position + 5;
    }

    /// <summary>Per-process seeded (<see cref="HashCode"/>), so nobody can aim collisions at one bucket from outside.</summary>
    public static int ComputeHash(ReadOnlySpan<byte> key)
    {
        var hash = default(HashCode);
        hash.AddBytes(key);
        return hash.ToHashCode();
    }
}

/// <summary>A key being looked up, still on the stack: lets the dictionary be probed without allocating.</summary>
internal readonly ref struct CacheKeyProbe(ReadOnlySpan<byte> bytes, int hash)
{
    public ReadOnlySpan<byte> Bytes { get; } = bytes;

    public int Hash { get; } = hash;
}

/// <summary>Compares keys by hash, then exactly byte for byte (a hash match alone never serves an answer).</summary>
internal sealed class CacheKeyComparer : IEqualityComparer<CacheKey>, IAlternateEqualityComparer<CacheKeyProbe, CacheKey>
{
    public static readonly CacheKeyComparer Instance = new();

    public bool Equals(CacheKey x, CacheKey y) => x.Hash == y.Hash && x.Bytes.AsSpan().SequenceEqual(y.Bytes);

    public int GetHashCode(CacheKey obj) => obj.Hash;

    public bool Equals(CacheKeyProbe alternate, CacheKey other) => alternate.Hash == other.Hash && alternate.Bytes.SequenceEqual(other.Bytes);

    public int GetHashCode(CacheKeyProbe alternate) => alternate.Hash;

    public CacheKey Create(CacheKeyProbe alternate) => new(alternate.Bytes.ToArray(), alternate.Hash);
}
