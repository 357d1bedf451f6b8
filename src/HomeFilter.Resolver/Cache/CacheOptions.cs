namespace HomeFilter.Resolver.Cache;

/// <summary>Settings of the response cache, bound from <c>HomeFilter:Cache</c>. Read once at start.</summary>
public sealed class CacheOptions
{
    public const string SectionName = "HomeFilter:Cache";

    /// <summary>Upper bound of the memory the cached answers take, in bytes (0 turns the cache off).</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Answers are kept at least this long even when their TTL is shorter (0 = honour the TTL).</summary>
    public int MinTtlSeconds { get; set; }

    /// <summary>Answers are kept at most this long, whatever their TTL.</summary>
    public int MaxTtlSeconds { get; set; } = 86400;

    /// <summary>Negative answers (NXDOMAIN, NODATA) are kept at most this long (RFC 2308 §5).</summary>
    public int MaxNegativeTtlSeconds { get; set; } = 3600;

    /// <summary>How long an expired answer is kept to be served when every upstream fails (RFC 8767); 0 disables serve-stale.</summary>
    public int StaleWindowSeconds { get; set; } = 3600;

    /// <summary>The TTL given to a stale answer (RFC 8767 suggests 30 seconds).</summary>
    public int StaleAnswerTtlSeconds { get; set; } = 30;

    /// <summary>Describes the first invalid setting, or returns null when all are valid.</summary>
    public string? Validate()
    {
        if (MaxBytes < 0)
        {
            return "HomeFilter:Cache:MaxBytes must be 0 (off) or more.";
        }

        if (MinTtlSeconds < 0 || MaxTtlSeconds < 0 || MaxNegativeTtlSeconds < 0 || StaleWindowSeconds < 0 || StaleAnswerTtlSeconds < 0)
        {
            return "HomeFilter:Cache: TTL and window settings must not be negative.";
        }

        if (MinTtlSeconds > MaxTtlSeconds)
        {
            return "HomeFilter:Cache:MinTtlSeconds must not exceed MaxTtlSeconds.";
        }

        return null;
    }
}
