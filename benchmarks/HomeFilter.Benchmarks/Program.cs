using BenchmarkDotNet.Running;
using HomeFilter.Benchmarks.QueryLog;

// "append-rate": the query-log store's sustained rate as a plain run (QueryLog/AppendRate.cs); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "append-rate")
{
    return await AppendRate.RunAsync(args);
}

// "postgres-ingest" / "postgres-searches": the PostgreSQL query log at a branch network's scale (QueryLog/PostgresIngest.cs).
if (args.Length > 1 && args[0] == "postgres-ingest")
{
    return await PostgresIngest.IngestAsync(args);
}

if (args.Length > 1 && args[0] == "postgres-searches")
{
    return await PostgresIngest.SearchesAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
