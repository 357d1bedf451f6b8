namespace HomeFilter.Resolver.Cache;

/// <summary>A snapshot of the response cache's counters, for the admin API.</summary>
public readonly record struct CacheStatistics(
    long Hits,
    long Misses,
    long StaleServed,
    long Evictions,
    long SkippedLookups,
    long Entries,
    long Bytes,
    long MaxBytes);
