namespace HomeFilter.Rules.Trie;

/// <summary>Writes the root block: one record per top-level domain, whose child pointer is a segment number.</summary>
internal static class RootBlockWriter
{
    /// <summary>One top-level domain as the root block lists it.</summary>
    public readonly record struct TopLevel(byte[] Label, int ValueId, int Segment);

    public static byte[] Write(List<TopLevel> topLevels, out int records, out int valueRecords)
    {
        // Order by mixed hash so a wide root block is grouped by bucket (see SegmentWriter).
        topLevels.Sort((a, b) => LabelHash.Of(a.Label).CompareTo(LabelHash.Of(b.Label)));
        var count = topLevels.Count;
        var size = TrieFormat.BlockHeaderSize(count);
        foreach (var t in topLevels)
        {
            size += TrieFormat.RecordSize(t.Label.Length, t.ValueId, t.Segment >= 0);
        }

        var output = new byte[size];
        var cursor = TrieFormat.WriteVarint(output, (uint)count);
        var wide = count > TrieFormat.LinearLimit;
        var bits = wide ? TrieFormat.BucketBits(count) : 0;
        var tablePos = cursor;
        if (wide)
        {
            cursor += ((1 << bits) + 1) * sizeof(uint);
        }

        var recordsStart = cursor;
        var nextBucket = 0;
        valueRecords = 0;
        foreach (var t in topLevels)
        {
            if (wide)
            {
                var bucket = TrieFormat.Bucket(LabelHash.Of(t.Label), bits);
                while (nextBucket <= bucket)
                {
                    TrieFormat.WriteUInt32(output, tablePos + (nextBucket++ * sizeof(uint)), (uint)(cursor - recordsStart));
                }
            }

            var header = (byte)t.Label.Length;
            if (t.ValueId >= 0)
            {
                header |= TrieFormat.HasValueFlag;
                valueRecords++;
            }

            if (t.Segment >= 0)
            {
                header |= TrieFormat.HasChildrenFlag;
            }

            output[cursor++] = header;
            t.Label.CopyTo(output, cursor);
            cursor += t.Label.Length;
            if (t.ValueId >= 0)
            {
                cursor += TrieFormat.WriteVarint(output.AsSpan(cursor), (uint)t.ValueId);
            }

            if (t.Segment >= 0)
            {
                TrieFormat.WriteUInt32(output, cursor, (uint)t.Segment);
                cursor += TrieFormat.ChildPointerSize;
            }
        }

        if (wide)
        {
            while (nextBucket <= 1 << bits)
            {
                TrieFormat.WriteUInt32(output, tablePos + (nextBucket++ * sizeof(uint)), (uint)(cursor - recordsStart));
            }
        }

        records = count;
        return output;
    }
}
