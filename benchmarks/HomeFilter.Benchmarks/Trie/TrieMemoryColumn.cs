using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace HomeFilter.Benchmarks.Trie;

/// <summary>
/// Summary columns for the build benchmarks: bytes per listed name (exact accounting and heap growth
/// after a full GC) and the build's peak over the final size. Computed once per data set in the
/// summarising process (see <see cref="TrieMemoryMeasurement"/>).
/// </summary>
public sealed class TrieMemoryColumn(string what, string columnName, string legend) : IColumn
{
    public static readonly IColumn[] All =
    [
        new TrieMemoryColumn("exact", "B/name exact", "Bytes per distinct name by the structure's own array accounting"),
        new TrieMemoryColumn("heap", "B/name heap", "Managed-heap growth per distinct name after a full GC, strings included"),
        new TrieMemoryColumn("peak", "Peak/final", "Largest size of the builder's buffers during adds and build, over the final size"),
    ];

    public string Id => nameof(TrieMemoryColumn) + what;

    public string ColumnName => columnName;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var source = benchmarkCase.Parameters["Source"] as string ?? "generated-100k";
        var method = benchmarkCase.Descriptor.WorkloadMethod.Name;
        var structure = method.StartsWith("Trie", StringComparison.Ordinal) ? "Trie"
            : method.StartsWith("HashSet", StringComparison.Ordinal) ? "HashSet" : "SortedArray";
        return TrieMemoryMeasurement.Get(source, structure).Describe(what);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
