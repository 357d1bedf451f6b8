using BenchmarkDotNet.Running;
using HomeFilter.Benchmarks.QueryLog;

// "append-rate": the query-log store's sustained rate as a plain run (QueryLog/AppendRate.cs); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "append-rate")
{
    return await AppendRate.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
