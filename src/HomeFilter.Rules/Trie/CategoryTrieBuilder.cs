using System.Diagnostics;
using HomeFilter.Rules.Names;

namespace HomeFilter.Rules.Trie;

/// <summary>
/// Collects normalised names with their <see cref="RuleValue"/>s and freezes them into a
/// <see cref="CategoryTrie"/>. Not thread-safe; use one builder per build, and build it once.
/// </summary>
/// <remarks>
/// Names are kept compactly per top-level domain (reversed labels in a byte arena, deduplicated on add),
/// never as a tree of node objects. <see cref="Build"/> freezes one top-level domain at a time, largest
/// last, and releases each one's arena as soon as its part of the trie is written, so the peak stays
/// close to the size of the arenas rather than arenas plus trie.
/// </remarks>
public sealed class CategoryTrieBuilder
{
    private const int MaxEncodedName = 256;

    private readonly Dictionary<string, BuilderPartition> _partitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BuilderPartition>.AlternateLookup<ReadOnlySpan<char>> _partitionLookup;
    private readonly ValueTable _values = new();
    private readonly MemoryTracker _memory = new();
    private int _rootValue = -1;
    private bool _built;
    private string _lastTld = string.Empty;
    private BuilderPartition? _lastPartition;

    /// <summary>Creates an empty builder.</summary>
    public CategoryTrieBuilder()
    {
        _partitionLookup = _partitions.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Distinct names added so far (the root and top-level names included).</summary>
    public int Count { get; private set; }

    /// <summary>Bytes currently held by the builder's buffers.</summary>
    public long CurrentBytes => _memory.Current;

    /// <summary>
    /// Adds a name: lower-case ASCII (A-labels), no trailing dot, as produced by
    /// <see cref="DomainName.TryNormalize(ReadOnlySpan{char}, Span{char}, out int)"/>. The empty name is
    /// the root and applies to every query. A name added again has its values merged.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid normalised name.</exception>
    public AddResult Add(ReadOnlySpan<char> normalizedName, RuleValue value)
    {
        if (_built)
        {
            ThrowHelper.BuilderFrozen();
        }

        if (normalizedName.IsEmpty)
        {
            return MergeInto(ref _rootValue, value);
        }

        Span<byte> encoded = stackalloc byte[MaxEncodedName];
        var error = EncodeBelowTopLevel(normalizedName, encoded, out var length, out var tldStart);
        if (error != DomainNameError.None)
        {
            ThrowHelper.InvalidName(nameof(normalizedName), error);
        }

        var partition = PartitionFor(normalizedName[tldStart..]);
        if (tldStart == 0)
        {
            var ownValue = partition.OwnValue;
            var tldResult = MergeInto(ref ownValue, value);
            partition.OwnValue = ownValue;
            return tldResult;
        }

        var result = partition.Add(encoded[..length], value, _values);
        if (result == AddResult.Added)
        {
            Count++;
        }

        return result;
    }

    /// <summary>
    /// Freezes everything added into an immutable trie. The builder's buffers are released as it goes;
    /// the builder cannot be used afterwards.
    /// </summary>
    public CategoryTrie Build()
    {
        if (_built)
        {
            ThrowHelper.BuilderFrozen();
        }

        _built = true;
        var stopwatch = Stopwatch.StartNew();

        var rootState = default(PathState);
        if (_rootValue >= 0)
        {
            rootState = rootState.Apply(_values[_rootValue], out _);
        }

        // Largest last: while it is written, every smaller partition is already released.
        var partitions = new List<BuilderPartition>(_partitions.Values);
        partitions.Sort((a, b) => a.Count.CompareTo(b.Count));
        _partitions.Clear();
        _lastPartition = null;

        var segments = new List<byte[]> { Array.Empty<byte>() };
        var topLevels = new List<RootBlockWriter.TopLevel>(partitions.Count);
        var records = 0;
        var valueRecords = 0;
        foreach (var partition in partitions)
        {
            var tldValue = -1;
            var state = rootState;
            if (partition.OwnValue >= 0)
            {
                state = rootState.Apply(_values[partition.OwnValue], out var keep);
                tldValue = keep ? partition.OwnValue : -1;
            }

            var segment = SegmentWriter.Write(partition, _values, _memory, state, out var segmentRecords, out var segmentValues);
            partition.Release();
            records += segmentRecords;
            valueRecords += segmentValues;
            var segmentIndex = -1;
            if (segment is not null)
            {
                segmentIndex = segments.Count;
                segments.Add(segment);
            }

            if (segmentIndex >= 0 || tldValue >= 0)
            {
                topLevels.Add(new RootBlockWriter.TopLevel(partition.Tld, tldValue, segmentIndex));
            }
        }

        segments[0] = RootBlockWriter.Write(topLevels, out var rootRecords, out var rootValueRecords);
        _memory.Allocated(segments[0].Length);
        records += rootRecords;
        valueRecords += rootValueRecords + (_rootValue >= 0 ? 1 : 0);

        var statistics = new TrieBuildStatistics(
            Count,
            records,
            valueRecords,
            _values.Count,
            _memory.Peak,
            stopwatch.Elapsed);
        return CategoryTrie.FromSegments([.. segments], _values.ToArray(), _rootValue, statistics);
    }

    private AddResult MergeInto(ref int valueId, RuleValue value)
    {
        if (valueId < 0)
        {
            valueId = _values.Intern(value);
            Count++;
            return AddResult.Added;
        }

        var merged = _values.Intern(_values[valueId].Merge(value));
        if (merged == valueId)
        {
            return AddResult.Duplicate;
        }

        valueId = merged;
        return AddResult.Merged;
    }

    /// <summary>
    /// Checks a normalised name and writes its labels below the top-level domain right to left, each as a
    /// length byte and its characters, in one pass (this runs for every entry of every list).
    /// </summary>
    private static DomainNameError EncodeBelowTopLevel(ReadOnlySpan<char> name, Span<byte> destination, out int written, out int tldStart)
    {
        written = 0;
        tldStart = 0;
        if (name.Length > DomainName.MaxNameLength)
        {
            return DomainNameError.NameTooLong;
        }

        var labels = 0;
        var numericLabels = 0;
        var end = name.Length;
        while (true)
        {
            var start = end;
            var numeric = true;
            while (start > 0)
            {
                var c = name[start - 1];
                if (c == '.')
                {
                    break;
                }

                if ((uint)(c - '0') <= 9)
                {
                    start--;
                    continue;
                }

                if ((uint)(c - 'a') > 'z' - 'a' && c != '-' && c != '_')
                {
                    return DomainNameError.InvalidCharacter;
                }

                numeric = false;
                start--;
            }

            var length = end - start;
            if (length == 0)
            {
                return DomainNameError.EmptyLabel;
            }

            if (length > DomainName.MaxLabelLength)
            {
                return DomainNameError.LabelTooLong;
            }

            if (labels++ == 0)
            {
                tldStart = start;
            }
            else
            {
                destination[written++] = (byte)length;
                for (var i = start; i < end; i++)
                {
                    destination[written++] = (byte)name[i];
                }
            }

            if (numeric && length <= 3)
            {
                // Same rule as DomainName: four labels of one to three digits are an IPv4 address.
                numericLabels++;
            }

            if (start == 0)
            {
                break;
            }

            end = start - 1;
            if (end == 0)
            {
                return DomainNameError.EmptyLabel;
            }
        }

        return labels == 4 && numericLabels == 4 ? DomainNameError.IpAddress : DomainNameError.None;
    }

    private BuilderPartition PartitionFor(ReadOnlySpan<char> tld)
    {
        // Lists come in runs of one top-level domain often enough (and com is half of everything) that
        // remembering the last partition skips most dictionary lookups.
        if (_lastPartition is not null && tld.SequenceEqual(_lastTld))
        {
            return _lastPartition;
        }

        if (!_partitionLookup.TryGetValue(tld, out var partition))
        {
            var label = new byte[tld.Length];
            System.Text.Encoding.ASCII.GetBytes(tld, label);
            partition = new BuilderPartition(label, _memory);
            _partitionLookup[tld] = partition;
        }

        _lastTld = _partitionLookup.TryGetValue(tld, out var key, out _) ? key : tld.ToString();
        _lastPartition = partition;
        return partition;
    }
}
