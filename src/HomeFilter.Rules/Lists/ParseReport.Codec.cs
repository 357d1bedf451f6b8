namespace HomeFilter.Rules.Lists;

/// <summary>A report's figures written to and read back from a rules file, so a start from that file reports what the parse found.</summary>
public sealed partial class ParseReport
{
    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write((byte)RequestedFormat);
        writer.Write(Lines);
        writer.Write(BlankLines);
        writer.Write(CommentLines);
        writer.Write(Entries);
        writer.Write(Duplicates);
        writer.Write((byte)_shapes.Length);
        foreach (var shape in _shapes)
        {
            writer.Write(shape);
        }

        writer.Write(_skipped.Count);
        foreach (var (reason, stats) in _skipped)
        {
            writer.Write((int)reason);
            writer.Write(stats.Count);
            writer.Write((byte)stats.FirstLines.Count);
            foreach (var line in stats.FirstLines)
            {
                writer.Write(line);
            }
        }

        writer.Write(EssentialHeldBack);
        writer.Write((byte)_essentialHolds.Count);
        foreach (var hold in _essentialHolds)
        {
            writer.Write(hold.Name);
            writer.Write(hold.LineNumber);
        }
    }

    internal static ParseReport ReadFrom(BinaryReader reader)
    {
        var report = new ParseReport
        {
            RequestedFormat = (ListFormat)reader.ReadByte(),
            Lines = reader.ReadInt32(),
            BlankLines = reader.ReadInt32(),
            CommentLines = reader.ReadInt32(),
            Entries = reader.ReadInt32(),
            Duplicates = reader.ReadInt32(),
        };
        int shapes = reader.ReadByte();
        for (var i = 0; i < shapes; i++)
        {
            var count = reader.ReadInt32();
            if (i < report._shapes.Length)
            {
                report._shapes[i] = count;
            }
        }

        var reasons = reader.ReadInt32();
        for (var i = 0; i < reasons; i++)
        {
            var reason = (SkipReason)reader.ReadInt32();
            var stats = SkipStatistics.Restore(reader.ReadInt32());
            int lines = reader.ReadByte();
            for (var l = 0; l < lines; l++)
            {
                stats.RestoreLine(reader.ReadInt32());
            }

            report._skipped[reason] = stats;
        }

        report.EssentialHeldBack = reader.ReadInt32();
        int holds = reader.ReadByte();
        for (var i = 0; i < holds; i++)
        {
            report._essentialHolds.Add(new EssentialHold(reader.ReadString(), reader.ReadInt32()));
        }

        return report;
    }
}
