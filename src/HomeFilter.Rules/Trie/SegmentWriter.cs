namespace HomeFilter.Rules.Trie;

/// <summary>
/// Freezes one top-level domain's entries into its segment: orders the entry references so that every
/// node's children are contiguous and (for wide nodes) grouped by hash bucket, measures the exact size,
/// allocates the segment once and writes it in a second pass.
/// </summary>
/// <remarks>
/// Children are ordered by (mixed label hash, name bytes). Ordering by the hash rather than by the label
/// puts every bucket's records together for any bucket count, because the bucket is the top bits of the
/// same hash. Within one label the order is by name bytes, so a node's own entry comes first (it is a
/// prefix of its children's names) and each child's descendants stay contiguous.
/// </remarks>
internal sealed class SegmentWriter
{
    private readonly BuilderPartition _partition;
    private readonly byte[][] _chunks;
    private readonly ValueTable _values;
    private readonly MemoryTracker _memory;
    private readonly int[] _refs;
    private readonly int _count;
    private byte[] _output = [];

    private SegmentWriter(BuilderPartition partition, ValueTable values, MemoryTracker memory)
    {
        _partition = partition;
        _chunks = partition.Chunks;
        _values = values;
        _memory = memory;
        _refs = partition.TakeReferences(out _count);
    }

    /// <summary>Records written (nodes kept).</summary>
    public int Records { get; private set; }

    /// <summary>Records that carry a value.</summary>
    public int ValueRecords { get; private set; }

    /// <summary>
    /// Freezes the partition. Returns null when nothing below the TLD survives (everything absorbed).
    /// </summary>
    public static byte[]? Write(BuilderPartition partition, ValueTable values, MemoryTracker memory, PathState state, out int records, out int valueRecords)
    {
        var writer = new SegmentWriter(partition, values, memory);
        var segment = writer.Run(state);
        records = writer.Records;
        valueRecords = writer.ValueRecords;
        return segment;
    }

    private byte[]? Run(PathState state)
    {
        if (_count == 0)
        {
            return null;
        }

        OrderRange(0, _count, 0);
        var size = Measure(0, _count, 0, state);
        if (size == 0)
        {
            return null;
        }

        if (size > int.MaxValue)
        {
            ThrowHelper.SegmentTooLarge();
        }

        _output = new byte[size];
        _memory.Allocated(size);
        var end = WriteBlock(0, _count, 0, state, 0);
        System.Diagnostics.Debug.Assert(end == size, "measure and write passes disagree");
        return _output;
    }

    private ReadOnlySpan<byte> Name(int index) => BuilderPartition.NameAt(_chunks, _refs[index]);

    /// <summary>End (exclusive) of the run of entries sharing the label at <paramref name="pos"/> with entry <paramref name="lo"/>.</summary>
    private int GroupEnd(int lo, int hi, int pos)
    {
        var first = Name(lo);
        var label = first.Slice(pos, first[pos] + 1);
        var i = lo + 1;
        while (i < hi && Name(i)[pos..].StartsWith(label))
        {
            i++;
        }

        return i;
    }

    /// <summary>Sorts a range by (mixed hash of the label at pos, name bytes).</summary>
    private void OrderRange(int lo, int hi, int pos)
    {
        var length = hi - lo;
        if (length < 2)
        {
            return;
        }

        var keys = new uint[length];
        _memory.Allocated((long)length * sizeof(uint));
        for (var i = 0; i < length; i++)
        {
            var name = Name(lo + i);
            keys[i] = LabelHash.Of(name.Slice(pos + 1, name[pos]));
        }

        var refs = _refs.AsSpan(lo, length);
        keys.AsSpan().Sort(refs);
        var comparer = new NameComparer(_chunks, pos);
        var runStart = 0;
        for (var i = 1; i <= length; i++)
        {
            if (i == length || keys[i] != keys[runStart])
            {
                if (i - runStart > 1)
                {
                    refs[runStart..i].Sort(comparer);
                }

                runStart = i;
            }
        }

        _memory.Released((long)length * sizeof(uint));
    }

    private int CountGroups(int lo, int hi, int pos)
    {
        var groups = 0;
        for (var i = lo; i < hi; i = GroupEnd(i, hi, pos))
        {
            groups++;
        }

        return groups;
    }

    /// <summary>Reads a group's label and own value; returns where its children start.</summary>
    private int OwnValue(int groupStart, int pos, out int valueId)
    {
        var name = Name(groupStart);
        var end = pos + 1 + name[pos];
        if (name.Length == end)
        {
            valueId = _partition.ValueAt(_refs[groupStart]);
            return groupStart + 1;
        }

        valueId = -1;
        return groupStart;
    }

    private PathState Enter(PathState state, int valueId, out int keptValue)
    {
        if (valueId < 0)
        {
            keptValue = -1;
            return state;
        }

        var next = state.Apply(_values[valueId], out var keep);
        keptValue = keep ? valueId : -1;
        return next;
    }

    /// <summary>Bytes of the block for this range and all blocks below it; 0 when nothing survives.</summary>
    private long Measure(int lo, int hi, int pos, PathState state)
    {
        if (CountGroups(lo, hi, pos) > TrieFormat.LinearLimit && pos > 0)
        {
            OrderRange(lo, hi, pos);
        }

        long below = 0;
        long records = 0;
        var survivors = 0;
        for (var g = lo; g < hi;)
        {
            var end = GroupEnd(g, hi, pos);
            var labelLength = Name(g)[pos];
            var childStart = OwnValue(g, pos, out var valueId);
            var next = Enter(state, valueId, out var kept);
            var childBytes = childStart < end ? Measure(childStart, end, pos + 1 + labelLength, next) : 0;
            if (kept >= 0 || childBytes > 0)
            {
                survivors++;
                records += TrieFormat.RecordSize(labelLength, kept, childBytes > 0);
                below += childBytes;
            }

            g = end;
        }

        return survivors == 0 ? 0 : TrieFormat.BlockHeaderSize(survivors) + records + below;
    }

    private bool HasSurvivor(int lo, int hi, int pos, PathState state)
    {
        for (var g = lo; g < hi;)
        {
            var end = GroupEnd(g, hi, pos);
            var labelLength = Name(g)[pos];
            var childStart = OwnValue(g, pos, out var valueId);
            var next = Enter(state, valueId, out var kept);
            if (kept >= 0 || (childStart < end && HasSurvivor(childStart, end, pos + 1 + labelLength, next)))
            {
                return true;
            }

            g = end;
        }

        return false;
    }

    /// <summary>Writes this range's block at <paramref name="blockPos"/>, then its children's blocks; returns the end.</summary>
    private int WriteBlock(int lo, int hi, int pos, PathState state, int blockPos)
    {
        var survivors = 0;
        for (var g = lo; g < hi;)
        {
            var end = GroupEnd(g, hi, pos);
            if (Survives(g, end, pos, state, out _, out _, out _))
            {
                survivors++;
            }

            g = end;
        }

        var output = _output.AsSpan();
        var cursor = blockPos + TrieFormat.WriteVarint(output[blockPos..], (uint)survivors);
        var wide = survivors > TrieFormat.LinearLimit;
        var bits = wide ? TrieFormat.BucketBits(survivors) : 0;
        var tablePos = cursor;
        if (wide)
        {
            cursor += ((1 << bits) + 1) * sizeof(uint);
        }

        var recordsStart = cursor;
        var nextBucket = 0;
        for (var g = lo; g < hi;)
        {
            var end = GroupEnd(g, hi, pos);
            if (Survives(g, end, pos, state, out var kept, out var hasChildren, out _))
            {
                var name = Name(g);
                var label = name.Slice(pos + 1, name[pos]);
                if (wide)
                {
                    var bucket = TrieFormat.Bucket(LabelHash.Of(label), bits);
                    while (nextBucket <= bucket)
                    {
                        TrieFormat.WriteUInt32(output, tablePos + (nextBucket++ * sizeof(uint)), (uint)(cursor - recordsStart));
                    }
                }

                cursor = WriteRecord(output, cursor, label, kept, hasChildren);
            }

            g = end;
        }

        if (wide)
        {
            while (nextBucket <= 1 << bits)
            {
                TrieFormat.WriteUInt32(output, tablePos + (nextBucket++ * sizeof(uint)), (uint)(cursor - recordsStart));
            }
        }

        // Children's blocks follow this block; patch each record's child pointer as they are placed.
        var record = recordsStart;
        for (var g = lo; g < hi;)
        {
            var end = GroupEnd(g, hi, pos);
            if (Survives(g, end, pos, state, out var kept, out var hasChildren, out var next))
            {
                var labelLength = Name(g)[pos];
                var size = TrieFormat.RecordSize(labelLength, kept, hasChildren);
                if (hasChildren)
                {
                    var childStart = OwnValue(g, pos, out _);
                    TrieFormat.WriteUInt32(_output, record + size - TrieFormat.ChildPointerSize, (uint)cursor);
                    cursor = WriteBlock(childStart, end, pos + 1 + labelLength, next, cursor);
                }

                record += size;
            }

            g = end;
        }

        Records += survivors;
        return cursor;
    }

    private bool Survives(int groupStart, int groupEnd, int pos, PathState state, out int kept, out bool hasChildren, out PathState next)
    {
        var labelLength = Name(groupStart)[pos];
        var childStart = OwnValue(groupStart, pos, out var valueId);
        next = Enter(state, valueId, out kept);
        hasChildren = childStart < groupEnd && HasSurvivor(childStart, groupEnd, pos + 1 + labelLength, next);
        return kept >= 0 || hasChildren;
    }

    private int WriteRecord(Span<byte> output, int cursor, ReadOnlySpan<byte> label, int valueId, bool hasChildren)
    {
        var header = (byte)label.Length;
        if (valueId >= 0)
        {
            header |= TrieFormat.HasValueFlag;
            ValueRecords++;
        }

        if (hasChildren)
        {
            header |= TrieFormat.HasChildrenFlag;
        }

        output[cursor++] = header;
        label.CopyTo(output[cursor..]);
        cursor += label.Length;
        if (valueId >= 0)
        {
            cursor += TrieFormat.WriteVarint(output[cursor..], (uint)valueId);
        }

        return hasChildren ? cursor + TrieFormat.ChildPointerSize : cursor;
    }

    private readonly struct NameComparer(byte[][] chunks, int pos) : IComparer<int>
    {
        public int Compare(int x, int y) =>
            BuilderPartition.NameAt(chunks, x)[pos..].SequenceCompareTo(BuilderPartition.NameAt(chunks, y)[pos..]);
    }
}
