using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace HomeFilter.Benchmarks;

/// <summary>
/// The one configuration every benchmark uses: allocations reported (MemoryDiagnoser), median and
/// percentiles shown, workstation non-concurrent GC as the host runs it.
/// </summary>
public class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
        : this("Standard")
    {
    }

    /// <summary>
    /// The standard job under another id. The id names the folder BenchmarkDotNet builds into, so
    /// benchmark classes that may run at the same time as others should have their own.
    /// </summary>
    protected BenchmarkConfig(string id)
        : this(Job.Default.WithWarmupCount(3).WithIterationCount(12), id)
    {
    }

    protected BenchmarkConfig(Job job, string id)
    {
        // The id names the generated build folder, so it must be set last and contain no spaces.
        AddJob(job.WithGcServer(false).WithGcConcurrent(false).WithId(id));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
        WithOptions(ConfigOptions.JoinSummary);

        // The generated project is built while other work may load the machine; the default two
        // minutes is not always enough.
        WithBuildTimeout(TimeSpan.FromMinutes(10));
    }
}

/// <summary>
/// The shared configuration for operations that take seconds (building a trie from millions of names):
/// each iteration runs the operation once.
/// </summary>
public class LongRunningBenchmarkConfig : BenchmarkConfig
{
    public LongRunningBenchmarkConfig()
        : this("LongRunning")
    {
    }

    public LongRunningBenchmarkConfig(string id)
        : base(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithInvocationCount(1)
            .WithUnrollFactor(1),
            id)
    {
    }
}
