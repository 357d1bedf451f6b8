namespace HomeFilter.Resolver.QueryLog;

/// <summary>The resolver's side of <c>HomeFilter:QueryLog</c>: whether queries are logged and how many may wait for the writer.</summary>
/// <param name="Enabled"><c>HomeFilter:QueryLog:Enabled</c> (default true).</param>
/// <param name="QueueCapacity"><c>HomeFilter:QueryLog:QueueCapacity</c> (default 65536 entries; beyond it entries are dropped and counted).</param>
public sealed record QueryLogSettings(bool Enabled, int QueueCapacity);
