namespace HomeFilter.Resolver.Cache;

/// <summary>
/// One query's cache key (lower-cased wire name, QTYPE, QCLASS, DO and CD) with its hash, written once per query
/// into a buffer its owner reuses, so a miss that then stores (or looks for a stale answer) hashes once, not two or
/// three times. Owned by a <see cref="Pipeline.QueryContext"/>; not shared between threads.
/// </summary>
public sealed class CacheLookupKey
{
    /// <summary>Bytes after the name: type, class, flags.</summary>
    private const int SuffixLength = 5;

    private readonly byte[] _bytes = new byte[CacheKey.MaxLength];
    private int _length;

    /// <summary>The key bytes as the cache stores them; empty until <see cref="Set"/>.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    public int Hash { get; private set; }

    public bool IsSet => _length != 0;

    /// <summary>The question name inside the key (lower case, wire format).</summary>
    internal ReadOnlySpan<byte> Name => _bytes.AsSpan(0, _length - SuffixLength);

    internal ushort Type => (ushort)((_bytes[_length - 5] << 8) | _bytes[_length - 4]);

    internal ushort Class => (ushort)((_bytes[_length - 3] << 8) | _bytes[_length - 2]);

    /// <summary>Writes the key of a question and hashes it (the name is lower-cased on the way).</summary>
    public void Set(ReadOnlySpan<byte> name, ushort type, ushort @class, bool dnssecOk, bool checkingDisabled)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, CacheKey.MaxLength - SuffixLength, nameof(name));
        _length = CacheKey.Write(_bytes, name, type, @class, dnssecOk, checkingDisabled);
        Hash = CacheKey.ComputeHash(Bytes);
    }

    public void Clear()
    {
        _length = 0;
        Hash = 0;
    }
}
