using System.Runtime.CompilerServices;

namespace HomeFilter.Rules.Trie;

/// <summary>
/// The entries of one top-level domain while a trie is being built: their names below the TLD, stored
/// reversed by label (<c>www.example.com</c> → <c>\x07example\x03www</c>) in a chunked byte arena, and an
/// open-addressing table over them so a name listed twice is stored once.
/// </summary>
/// <remarks>
/// An entry is <c>[value id: ushort][name length: byte][name bytes]</c>. A reference is
/// <c>chunk &lt;&lt; 20 | offset</c>. Chunks start small and double up to 1 MiB, so the arena never copies
/// itself while growing (a growing single array would briefly need twice its size).
/// </remarks>
internal sealed class BuilderPartition
{
    public const int EntryHeaderSize = 3;
    private const int ChunkBits = 16;
    private const int MaxChunkSize = 1 << ChunkBits;
    private const int FirstChunkSize = 256;
    private const int FirstTableSize = 16;

    // Linear probing over the tag bytes stays cheap at a high load, and growing by half (with any table
    // size, not powers of two) keeps the table at 1.2 to 1.8 slots per name instead of 1.3 to 2.7.
    private const double MaxLoad = 0.85;

    private readonly MemoryTracker _memory;
    private byte[][] _chunks = new byte[4][];
    private int _chunkCount;
    private int _chunkUsed;
    private int[] _slots;

    // A byte of each name's hash per slot (0 = empty), so a probe reads the arena only on a tag match.
    private byte[] _tags;
    private long _arenaBytes;

    public BuilderPartition(byte[] tld, MemoryTracker memory)
    {
        Tld = tld;
        _memory = memory;
        _slots = new int[FirstTableSize];
        _tags = new byte[FirstTableSize];
        _memory.Allocated(FirstTableSize * sizeof(int));
        _memory.Allocated(FirstTableSize);
    }

    /// <summary>The top-level label, lower-case.</summary>
    public byte[] Tld { get; }

    /// <summary>Value id of an entry for the TLD itself, or -1.</summary>
    public int OwnValue { get; set; } = -1;

    /// <summary>Distinct names stored (not counting the TLD itself).</summary>
    public int Count { get; private set; }

    /// <summary>The arena chunks, for comparers that read names without going through the partition.</summary>
    public byte[][] Chunks => _chunks;

    /// <summary>Adds a name (reversed labels below the TLD), merging its value with an existing entry.</summary>
    public AddResult Add(ReadOnlySpan<byte> reversedName, RuleValue value, ValueTable values)
    {
        var hash = HashName(reversedName);
        var tag = Tag(hash);
        var tags = _tags;
        var index = Index(hash, tags.Length);
        while (true)
        {
            var slotTag = tags[index];
            if (slotTag == 0)
            {
                break;
            }

            if (slotTag == tag)
            {
                var reference = _slots[index];
                if (NameAt(reference).SequenceEqual(reversedName))
                {
                    var oldId = ValueAt(reference);
                    var newId = values.Intern(values[oldId].Merge(value));
                    if (newId == oldId)
                    {
                        return AddResult.Duplicate;
                    }

                    SetValue(reference, newId);
                    return AddResult.Merged;
                }
            }

            if (++index == tags.Length)
            {
                index = 0;
            }
        }

        _slots[index] = Append(reversedName, values.Intern(value));
        tags[index] = tag;
        Count++;
        if (Count > tags.Length * MaxLoad)
        {
            Grow();
        }

        return AddResult.Added;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> NameAt(int reference)
    {
        var chunk = _chunks[reference >> ChunkBits];
        var offset = reference & (MaxChunkSize - 1);
        return chunk.AsSpan(offset + EntryHeaderSize, chunk[offset + 2]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ValueAt(int reference)
    {
        var chunk = _chunks[reference >> ChunkBits];
        var offset = reference & (MaxChunkSize - 1);
        return chunk[offset] | (chunk[offset + 1] << 8);
    }

    /// <summary>Reads a name through the chunk array directly (used by sort comparers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> NameAt(byte[][] chunks, int reference)
    {
        var chunk = chunks[reference >> ChunkBits];
        var offset = reference & (MaxChunkSize - 1);
        return chunk.AsSpan(offset + EntryHeaderSize, chunk[offset + 2]);
    }

    /// <summary>
    /// Turns the hash table into the list of entry references, in place: the returned array is the table's
    /// own, its first <paramref name="count"/> items are the references, and the table is not usable afterwards.
    /// </summary>
    public int[] TakeReferences(out int count)
    {
        count = 0;
        var slots = _slots;
        var tags = _tags;
        for (var i = 0; i < tags.Length; i++)
        {
            if (tags[i] != 0)
            {
                slots[count++] = slots[i];
            }
        }

        ReleaseTags();
        return slots;
    }

    /// <summary>Drops the arena and the table.</summary>
    public void Release()
    {
        for (var i = 0; i < _chunkCount; i++)
        {
            _memory.Released(_chunks[i].Length);
            _chunks[i] = null!;
        }

        _memory.Released((long)_slots.Length * sizeof(int));
        _chunks = [];
        _chunkCount = 0;
        _slots = [];
        ReleaseTags();
    }

    private void SetValue(int reference, int valueId)
    {
        var chunk = _chunks[reference >> ChunkBits];
        var offset = reference & (MaxChunkSize - 1);
        chunk[offset] = (byte)valueId;
        chunk[offset + 1] = (byte)(valueId >> 8);
    }

    private int Append(ReadOnlySpan<byte> name, int valueId)
    {
        var needed = EntryHeaderSize + name.Length;
        if (_chunkCount == 0 || _chunkUsed + needed > _chunks[_chunkCount - 1].Length)
        {
            NewChunk(needed);
        }

        var chunk = _chunks[_chunkCount - 1];
        var offset = _chunkUsed;
        chunk[offset] = (byte)valueId;
        chunk[offset + 1] = (byte)(valueId >> 8);
        chunk[offset + 2] = (byte)name.Length;
        name.CopyTo(chunk.AsSpan(offset + EntryHeaderSize));
        _chunkUsed += needed;
        return ((_chunkCount - 1) << ChunkBits) | offset;
    }

    private void NewChunk(int needed)
    {
        var size = (int)Math.Clamp(_arenaBytes / 4, FirstChunkSize, MaxChunkSize);
        size = Math.Max(size, needed);
        _arenaBytes += size;
        if (_chunkCount == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
        }

        _chunks[_chunkCount++] = new byte[size];
        _chunkUsed = 0;
        _memory.Allocated(size);
    }

    private void ReleaseTags()
    {
        if (_tags.Length > 0)
        {
            _memory.Released(_tags.Length);
            _tags = [];
        }
    }

    private void Grow()
    {
        var size = _tags.Length + (_tags.Length / 2);
        _memory.Released((long)_slots.Length * sizeof(int));
        _memory.Released(_tags.Length);
        _slots = [];
        _tags = [];
        var slots = new int[size];
        var tags = new byte[size];
        _memory.Allocated((long)size * sizeof(int));
        _memory.Allocated(size);

        // Re-insert by walking the arena in order (sequential reads) rather than the old table (a
        // cache miss per name). A zero length byte marks the unused end of a chunk: names are never empty.
        for (var c = 0; c < _chunkCount; c++)
        {
            var chunk = _chunks[c];
            var limit = c == _chunkCount - 1 ? _chunkUsed : chunk.Length;
            var offset = 0;
            while (offset + EntryHeaderSize <= limit && chunk[offset + 2] != 0)
            {
                var length = chunk[offset + 2];
                var hash = HashName(chunk.AsSpan(offset + EntryHeaderSize, length));
                var index = Index(hash, size);
                while (tags[index] != 0)
                {
                    if (++index == size)
                    {
                        index = 0;
                    }
                }

                slots[index] = (c << ChunkBits) | offset;
                tags[index] = Tag(hash);
                offset += EntryHeaderSize + length;
            }
        }

        _slots = slots;
        _tags = tags;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Index(uint hash, int size) => (int)(((ulong)hash * (uint)size) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Tag(uint hash)
    {
        var tag = (byte)hash;
        return tag == 0 ? (byte)1 : tag;
    }

    private static uint HashName(ReadOnlySpan<byte> name)
    {
        // FNV-1a then a final mix; the table index takes the low bits.
        var hash = 2166136261u;
        foreach (var b in name)
        {
            hash = (hash ^ b) * 16777619u;
        }

        hash ^= hash >> 16;
        hash *= 0x85EBCA6Bu;
        hash ^= hash >> 13;
        return hash;
    }
}
