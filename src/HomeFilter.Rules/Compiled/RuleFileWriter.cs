using System.Buffers.Binary;
using HomeFilter.Rules.Lists;

namespace HomeFilter.Rules.Compiled;

/// <summary>
/// Writes a compiled rule set (the combined trie and each list's parse report) as one rules file, with a
/// description of the inputs it was built from that the caller chooses and compares on the next start.
/// </summary>
public static class RuleFileWriter
{
    /// <summary>
    /// Writes <paramref name="rules"/> to <paramref name="destination"/>. <paramref name="inputs"/> is stored as given
    /// and handed back by <see cref="RuleFileReader.Read"/>: it should say everything the rules depend on.
    /// </summary>
    public static void Write(Stream destination, RuleSetLoadResult rules, ReadOnlySpan<byte> inputs)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(rules);
        var trie = rules.Trie;
        var metadata = new MemoryStream();
        using (var writer = new BinaryWriter(metadata, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(inputs.Length);
            writer.Write(inputs);
            writer.Write(trie.RootValue);
            writer.Write(trie.Values.Length);
            foreach (var value in trie.Values)
            {
                writer.Write(value.BlockMask);
                writer.Write(value.ExactBlockMask);
                writer.Write((byte)((value.Allow ? 1 : 0) | (value.ExactAllow ? 2 : 0)));
            }

            writer.Write(trie.SegmentStarts.Length);
            foreach (var start in trie.SegmentStarts)
            {
                writer.Write(start);
            }

            var statistics = trie.Statistics;
            writer.Write(statistics.DistinctNames);
            writer.Write(statistics.Records);
            writer.Write(statistics.ValueRecords);
            writer.Write(statistics.DistinctValues);
            writer.Write(statistics.PeakBytes);
            writer.Write(statistics.BuildTime.Ticks);
            writer.Write(rules.ParseTime.Ticks);
            writer.Write(rules.Lists.Count);
            foreach (var list in rules.Lists)
            {
                writer.Write(list.Source.Name);
                writer.Write(list.DistinctNames);
                writer.Write(list.RetainedBytes);
                writer.Write(list.BuildTime.Ticks);
                writer.Write(list.ParseTime.Ticks);
                list.Report.WriteTo(writer);
            }
        }

        var meta = metadata.GetBuffer().AsSpan(0, (int)metadata.Length);
        long metaEnd = RuleFileFormat.HeaderSize + meta.Length;
        var padding = (int)((RuleFileFormat.DataAlignment - (metaEnd % RuleFileFormat.DataAlignment)) % RuleFileFormat.DataAlignment);
        var dataOffset = metaEnd + padding;

        Span<byte> header = stackalloc byte[RuleFileFormat.HeaderSize];
        header.Clear();
        RuleFileFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], RuleFileFormat.Version);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], RuleFileFormat.HeaderSize);
        RuleFileFormat.WriteUInt64(header, 16, (ulong)(dataOffset + trie.DataLength));
        RuleFileFormat.WriteUInt64(header, 32, RuleFileFormat.HeaderSize);
        RuleFileFormat.WriteUInt64(header, 40, (ulong)meta.Length);
        RuleFileFormat.WriteUInt64(header, 48, (ulong)dataOffset);
        RuleFileFormat.WriteUInt64(header, 56, (ulong)trie.DataLength);
        var checksum = RuleFileFormat.StartChecksum(header, meta, padding);
        for (var i = 0; i < trie.SegmentCount; i++)
        {
            checksum.Append(trie.SegmentBytes(i));
        }

        RuleFileFormat.WriteUInt64(header, 24, checksum.GetCurrentHashAsUInt64());

        destination.Write(header);
        destination.Write(meta);
        Span<byte> zeros = stackalloc byte[RuleFileFormat.DataAlignment];
        zeros.Clear();
        destination.Write(zeros[..padding]);
        for (var i = 0; i < trie.SegmentCount; i++)
        {
            destination.Write(trie.SegmentBytes(i));
        }

        GC.KeepAlive(trie);
    }
}
