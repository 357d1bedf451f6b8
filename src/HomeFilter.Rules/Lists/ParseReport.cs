using System.Globalization;
using System.Text;

namespace HomeFilter.Rules.Lists;

/// <summary>What parsing one list found: line counts, entries, duplicates and skipped lines by reason.</summary>
public sealed partial class ParseReport
{
    private readonly SortedDictionary<SkipReason, SkipStatistics> _skipped = [];
    private readonly int[] _shapes = new int[5];
    private readonly List<EssentialHold> _essentialHolds = [];

    /// <summary>The format the list was read as: the one given, or for <see cref="ListFormat.Auto"/> the one most lines had.</summary>
    public ListFormat Format
    {
        get
        {
            if (RequestedFormat != ListFormat.Auto)
            {
                return RequestedFormat;
            }

            if (_shapes[(int)ListFormat.Adblock] > 0)
            {
                return ListFormat.Adblock;
            }

            var best = ListFormat.Domains;
            foreach (var format in (ReadOnlySpan<ListFormat>)[ListFormat.Hosts, ListFormat.Wildcard])
            {
                if (_shapes[(int)format] > _shapes[(int)best])
                {
                    best = format;
                }
            }

            return best;
        }
    }

    /// <summary>The format the caller asked for.</summary>
    public ListFormat RequestedFormat { get; internal set; }

    /// <summary>Lines read.</summary>
    public int Lines { get; internal set; }

    /// <summary>Empty lines.</summary>
    public int BlankLines { get; internal set; }

    /// <summary>Comment and header lines.</summary>
    public int CommentLines { get; internal set; }

    /// <summary>Entries produced (a hosts line can give several), duplicates included.</summary>
    public int Entries { get; internal set; }

    /// <summary>Entries that added nothing: the name was already listed with the same effect.</summary>
    public int Duplicates { get; internal set; }

    /// <summary>Skipped lines (or hosts names), by reason.</summary>
    public IReadOnlyDictionary<SkipReason, SkipStatistics> Skipped => _skipped;

    /// <summary>Total skipped over all reasons.</summary>
    public int SkippedTotal
    {
        get
        {
            var total = 0;
            foreach (var stats in _skipped.Values)
            {
                total += stats.Count;
            }

            return total;
        }
    }

    /// <summary>How many held-back entries <see cref="EssentialHolds"/> keeps; <see cref="EssentialHeldBack"/> counts them all.</summary>
    public const int KeptEssentialHolds = 20;

    /// <summary>Block entries held back because they would block an essential name (not in the trie, not in <see cref="Entries"/>).</summary>
    public int EssentialHeldBack { get; private set; }

    /// <summary>The first (up to <see cref="KeptEssentialHolds"/>) entries held back, with their line numbers.</summary>
    public IReadOnlyList<EssentialHold> EssentialHolds => _essentialHolds;

    /// <summary>
    /// Counts a block entry held back by the essential-names guard. The name is copied only for the first few, so a
    /// list that is wrong everywhere costs no more than a count.
    /// </summary>
    public void CountEssentialHold(ReadOnlySpan<char> name, int lineNumber)
    {
        // The reader counted it as an entry; a held-back entry is not one.
        Entries--;
        EssentialHeldBack++;
        if (_essentialHolds.Count < KeptEssentialHolds)
        {
            _essentialHolds.Add(new EssentialHold(new string(name), lineNumber));
        }
    }

    /// <summary>Counts an entry that turned out to be a duplicate (the caller deduplicates, e.g. the trie builder).</summary>
    public void CountDuplicate() => Duplicates++;

    /// <summary>Counts <paramref name="count"/> duplicates at once (found by the thread that added the list's entries).</summary>
    internal void CountDuplicates(int count) => Duplicates += count;

    /// <summary>A multi-line, human-readable summary.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"format={Format} lines={Lines} entries={Entries} duplicates={Duplicates} skipped={SkippedTotal} comments={CommentLines} blank={BlankLines}");
        if (EssentialHeldBack > 0)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"  held back (would block an essential name): {EssentialHeldBack}");
            foreach (var hold in _essentialHolds)
            {
                text.Append(CultureInfo.InvariantCulture, $" {hold.Name} (line {hold.LineNumber})");
            }
        }
        foreach (var (reason, stats) in _skipped)
        {
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture, $"  skipped {reason}: {stats.Count} (lines {string.Join(", ", stats.FirstLines)})");
        }

        return text.ToString();
    }

    internal void Skip(SkipReason reason, int lineNumber)
    {
        if (!_skipped.TryGetValue(reason, out var stats))
        {
            stats = new SkipStatistics();
            _skipped.Add(reason, stats);
        }

        stats.Add(lineNumber);
    }

    internal void CountShape(ListFormat shape) => _shapes[(int)shape]++;
}
