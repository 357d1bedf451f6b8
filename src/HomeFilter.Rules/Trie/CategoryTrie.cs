using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HomeFilter.Rules.Trie.Memory;

namespace HomeFilter.Rules.Trie;

/// <summary>
/// The frozen category matcher: for a query name, the categories that block it, whether an allow entry
/// decided, and which entry. Immutable, so any number of threads may call it at once without locks;
/// lookups allocate nothing.
/// </summary>
/// <remarks>
/// Semantics, walking the query's labels from the top-level domain down: every listed suffix adds its
/// subtree block categories; an allow entry resets the categories collected so far (an allow for
/// <c>safe.example.com</c> beats a block of <c>example.com</c>); a block listed below an allow adds again
/// (the deepest entry decides). Exact-only parts apply only when the listed name is the whole query.
/// At the same node, allow wins over block. Layout: see <see cref="TrieFormat"/> and the project README.
/// </remarks>
public sealed unsafe class CategoryTrie
{
    // Segment i starts at _segmentBases[i] and is _segmentLengths[i] bytes, a slice of one block (_owner): the
    // builder's output copied into native memory, or a rules file read or mapped.
    // _segmentStarts[i] is the offset segment i would have with all segments end to end: the rule-id space.
    private readonly TrieMemory _owner;
    private readonly TrieMemoryKind _kind;
    private readonly nint[] _segmentBases;
    private readonly int[] _segmentLengths;
    private readonly int _dataLength;
    private readonly int[] _segmentStarts;
    private readonly RuleValue[] _values;
    private readonly int _rootValue;

    /// <summary>
    /// A trie over the builder's segments, copied end to end into one native block: the arrays become ordinary
    /// garbage that a compacting collection gives back, and a retired trie's block is freed the moment its owner
    /// is finalized (pinned arrays were tried: ten rebuilds in a row left the pinned heap about 100 MB larger).
    /// </summary>
    internal static CategoryTrie FromSegments(byte[][] segments, RuleValue[] values, int rootValue, TrieBuildStatistics statistics)
    {
        var starts = new int[segments.Length];
        long total = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            starts[i] = (int)total;
            total += segments[i].Length;
            if (total >= int.MaxValue)
            {
                ThrowHelper.SegmentTooLarge();
            }
        }

        var memory = new NativeTrieMemory(total);
        var destination = memory.Writable;
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i].CopyTo(destination[starts[i]..]);
            // Drop each array as it is copied, so the builder's output and the copy are never whole at once.
            segments[i] = [];
        }

        return new CategoryTrie(memory, 0, starts, values, rootValue, statistics);
    }

    /// <summary>A trie over segments already laid end to end in <paramref name="memory"/> from <paramref name="dataOffset"/>.</summary>
    internal CategoryTrie(TrieMemory memory, long dataOffset, int[] segmentStarts, RuleValue[] values, int rootValue, TrieBuildStatistics statistics)
    {
        if (dataOffset < 0 || dataOffset > memory.Length || memory.Length - dataOffset >= int.MaxValue)
        {
            ThrowHelper.SegmentTooLarge();
        }

        _owner = memory;
        _kind = memory.Kind;
        _dataLength = (int)(memory.Length - dataOffset);
        _segmentStarts = segmentStarts;
        _segmentBases = new nint[segmentStarts.Length];
        _segmentLengths = new int[segmentStarts.Length];
        for (var i = 0; i < segmentStarts.Length; i++)
        {
            var end = i + 1 < segmentStarts.Length ? segmentStarts[i + 1] : _dataLength;
            _segmentBases[i] = memory.Address + (nint)dataOffset + segmentStarts[i];
            _segmentLengths[i] = end - segmentStarts[i];
        }

        _values = values;
        _rootValue = rootValue;
        Statistics = statistics;
        RetainedBytes = ComputeRetainedBytes();
    }

    /// <summary>A trie with no entries.</summary>
    public static CategoryTrie Empty { get; } = new CategoryTrieBuilder().Build();

    /// <summary>Figures from the build that produced this trie.</summary>
    public TrieBuildStatistics Statistics { get; }

    /// <summary>Distinct names that were added to the builder.</summary>
    public int NameCount => Statistics.DistinctNames;

    /// <summary>
    /// Bytes this trie keeps alive: its byte segments, the segment index and the value table, with the
    /// .NET array and object headers counted.
    /// </summary>
    public long RetainedBytes { get; }

    /// <summary>Where the trie's bytes live.</summary>
    public TrieMemoryKind MemoryKind => _kind;

    /// <summary>Retained bytes per distinct name added (0 for an empty trie).</summary>
    public double BytesPerName => NameCount == 0 ? 0 : (double)RetainedBytes / NameCount;

    /// <summary>
    /// Looks up a dotted name (optional trailing dot, any ASCII case). A name with characters outside
    /// ASCII matches only down to the last ASCII label: lists hold A-labels, so pass those.
    /// </summary>
    public TrieMatch Match(ReadOnlySpan<char> name)
    {
        if (!name.IsEmpty && name[^1] == '.')
        {
            name = name[..^1];
        }

        var walk = new Walk(this, name.IsEmpty);
        if (name.IsEmpty)
        {
            GC.KeepAlive(this);
            return walk.Result;
        }

        Span<byte> label = stackalloc byte[64];
        var end = name.Length;
        while (true)
        {
            var dot = name[..end].LastIndexOf('.');
            var start = dot + 1;
            var length = end - start;
            if ((uint)(length - 1) >= 63)
            {
                break;
            }

            var hash = LabelHash.Start();
            var source = name.Slice(start, length);
            for (var i = 0; i < source.Length; i++)
            {
                uint c = source[i];
                if (c > 0x7F)
                {
                    GC.KeepAlive(this);
            return walk.Result;
                }

                if (c - 'A' <= 'Z' - 'A')
                {
                    c |= 0x20;
                }

                label[i] = (byte)c;
                hash = LabelHash.Add(hash, (byte)c);
            }

            if (!walk.Step(label[..length], LabelHash.Finish(hash), isWholeName: start == 0))
            {
                break;
            }

            end = dot;
        }

        // The walk read raw memory the trie owns: the trie (and so its block) must outlive those reads.
        GC.KeepAlive(this);
        return walk.Result;
    }

    /// <summary>
    /// Looks up a name in DNS wire format: length-prefixed labels as in a question section, uncompressed,
    /// ending with the zero-length root label or the end of the span; any ASCII case. A malformed name
    /// (a compression pointer, a label running past the end, more than 127 labels) matches nothing beyond
    /// a root entry.
    /// </summary>
    public TrieMatch Match(ReadOnlySpan<byte> wireName)
    {
        Span<int> starts = stackalloc int[128];
        var labels = 0;
        var position = 0;
        while (position < wireName.Length)
        {
            int length = wireName[position];
            if (length == 0)
            {
                break;
            }

            if (length > 63 || position + 1 + length > wireName.Length || labels == starts.Length)
            {
                return new Walk(this, isRootQuery: false).Result;
            }

            starts[labels++] = position;
            position += 1 + length;
        }

        var walk = new Walk(this, labels == 0);
        Span<byte> label = stackalloc byte[64];
        for (var index = labels - 1; index >= 0; index--)
        {
            var start = starts[index];
            var source = wireName.Slice(start + 1, wireName[start]);
            var hash = LabelHash.Start();
            for (var i = 0; i < source.Length; i++)
            {
                uint c = source[i];
                if (c - 'A' <= 'Z' - 'A')
                {
                    c |= 0x20;
                }

                label[i] = (byte)c;
                hash = LabelHash.Add(hash, (byte)c);
            }

            if (!walk.Step(label[..source.Length], LabelHash.Finish(hash), isWholeName: index == 0))
            {
                break;
            }
        }

        // The walk read raw memory the trie owns: the trie (and so its block) must outlive those reads.
        GC.KeepAlive(this);
        return walk.Result;
    }

    /// <summary>The value of the record a <see cref="TrieMatch.RuleId"/> names (the merged entries for that name).</summary>
    public RuleValue GetRuleValue(int ruleId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ruleId);
        if (ruleId == 0)
        {
            return _rootValue >= 0 ? _values[_rootValue] : default;
        }

        var global = ruleId - 1;
        var segment = Array.BinarySearch(_segmentStarts, global);
        if (segment < 0)
        {
            // Not a segment start: the segment is the last one starting before it.
            segment = ~segment - 1;
        }

        var bytes = Segment(segment);
        var position = global - _segmentStarts[segment];
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, bytes.Length, nameof(ruleId));
        var header = bytes[position];
        if ((header & TrieFormat.HasValueFlag) == 0)
        {
            GC.KeepAlive(this);
            return default;
        }

        position += 1 + (header & TrieFormat.LengthMask);
        var value = _values[TrieFormat.ReadVarint(bytes, ref position)];
        GC.KeepAlive(this);
        return value;
    }

    /// <summary>Finds the record of a child label in the block at <paramref name="blockPosition"/>; -1 when absent.</summary>
    /// <remarks>
    /// Reads through a raw reference: the writer guarantees every offset stays inside the segment, and
    /// dropping the per-byte bounds checks is a measurable share of a lookup.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindChild(ReadOnlySpan<byte> segment, int blockPosition, ReadOnlySpan<byte> label, uint hash)
    {
        ref var data = ref MemoryMarshal.GetReference(segment);
        var position = blockPosition;
        int count = Unsafe.Add(ref data, position++);
        if (count >= 0x80)
        {
            position--;
            count = (int)TrieFormat.ReadVarint(segment, ref position);
        }

        int end;
        if (count > TrieFormat.LinearLimit)
        {
            var bits = TrieFormat.BucketBits(count);
            var bucket = TrieFormat.Bucket(hash, bits);
            var recordsStart = position + (((1 << bits) + 1) * sizeof(uint));
            ref var table = ref Unsafe.Add(ref data, position + (bucket * sizeof(uint)));
            var first = Unsafe.ReadUnaligned<uint>(ref table);
            var last = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref table, sizeof(uint)));
            if (!BitConverter.IsLittleEndian)
            {
                first = BinaryPrimitives.ReverseEndianness(first);
                last = BinaryPrimitives.ReverseEndianness(last);
            }

            end = recordsStart + (int)last;
            position = recordsStart + (int)first;
            count = int.MaxValue;
        }
        else
        {
            end = int.MaxValue;
        }

        var length = label.Length;
        for (; position < end && count > 0; count--)
        {
            int header = Unsafe.Add(ref data, position);
            var recordLength = header & TrieFormat.LengthMask;
            // Length and first byte reject most candidates before the call to compare the whole label.
            if (recordLength == length && Unsafe.Add(ref data, position + 1) == label[0] &&
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref data, position + 1), length).SequenceEqual(label))
            {
                return position;
            }

            position += 1 + recordLength;
            if ((header & TrieFormat.HasValueFlag) != 0)
            {
                while (Unsafe.Add(ref data, position++) >= 0x80)
                {
                }
            }

            if ((header & TrieFormat.HasChildrenFlag) != 0)
            {
                position += TrieFormat.ChildPointerSize;
            }
        }

        return -1;
    }

    /// <summary>Segment <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Segment(int index) => new((void*)_segmentBases[index], _segmentLengths[index]);

    private long ComputeRetainedBytes()
    {
        const int ObjectOverhead = 16;
        const int ArrayOverhead = MemoryTracker.ArrayOverhead;
        long bytes = ObjectOverhead + (8 * sizeof(long)) + _dataLength;
        bytes += ObjectOverhead + (3 * sizeof(long));
        bytes += 3 * ArrayOverhead + ((long)_segmentStarts.Length * (sizeof(int) + sizeof(int) + IntPtr.Size));
        bytes += ArrayOverhead + ((long)_values.Length * Unsafe.SizeOf<RuleValue>());
        return bytes;
    }

    /// <summary>Number of segments.</summary>
    internal int SegmentCount => _segmentStarts.Length;

    /// <summary>Bytes of all segments together.</summary>
    internal int DataLength => _dataLength;

    /// <summary>The bytes of segment <paramref name="index"/> (for writing a rules file; keep the trie alive while reading).</summary>
    internal ReadOnlySpan<byte> SegmentBytes(int index) => Segment(index);

    /// <summary>Offsets of the segments laid end to end (as in a rules file).</summary>
    internal ReadOnlySpan<int> SegmentStarts => _segmentStarts;

    /// <summary>The value table.</summary>
    internal ReadOnlySpan<RuleValue> Values => _values;

    /// <summary>Index of the root's value in <see cref="Values"/>, or -1.</summary>
    internal int RootValue => _rootValue;

    /// <summary>The state of one lookup as it walks down from the root.</summary>
    private struct Walk
    {
        private readonly CategoryTrie _trie;
        private ulong _mask;
        private bool _allowed;
        private int _ruleId;
        private int _matchedLabels;
        private int _depth;
        private int _segmentIndex;
        private int _block;

        public Walk(CategoryTrie trie, bool isRootQuery)
        {
            _trie = trie;
            _ruleId = -1;
            if (trie._rootValue >= 0)
            {
                Apply(trie._values[trie._rootValue], isRootQuery, 0);
            }
        }

        public readonly TrieMatch Result => new(_mask, _allowed, _ruleId, _matchedLabels);

        /// <summary>Moves to the child labelled <paramref name="label"/>; false when the walk ends here.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Step(ReadOnlySpan<byte> label, uint hash, bool isWholeName)
        {
            var segment = _trie.Segment(_segmentIndex);
            var record = FindChild(segment, _block, label, hash);
            if (record < 0)
            {
                return false;
            }

            _depth++;
            int header = Unsafe.Add(ref MemoryMarshal.GetReference(segment), record);
            var position = record + 1 + label.Length;
            if ((header & TrieFormat.HasValueFlag) != 0)
            {
                var valueId = (int)TrieFormat.ReadVarint(segment, ref position);
                Apply(_trie._values[valueId], isWholeName, 1 + _trie._segmentStarts[_segmentIndex] + record);
            }

            if ((header & TrieFormat.HasChildrenFlag) == 0 || isWholeName)
            {
                return false;
            }

            var child = (int)TrieFormat.ReadUInt32(segment, position);
            if (_depth == 1)
            {
                _segmentIndex = child;
                _block = 0;
            }
            else
            {
                _block = child;
            }

            return true;
        }

        private void Apply(in RuleValue value, bool isWholeName, int ruleId)
        {
            if (value.Allow || (isWholeName && value.ExactAllow))
            {
                _mask = 0;
                _allowed = true;
                _ruleId = ruleId;
                _matchedLabels = _depth;
                return;
            }

            var mask = value.BlockMask | (isWholeName ? value.ExactBlockMask : 0);
            if (mask != 0)
            {
                _mask |= mask;
                _allowed = false;
                _ruleId = ruleId;
                _matchedLabels = _depth;
            }
        }
    }
}
