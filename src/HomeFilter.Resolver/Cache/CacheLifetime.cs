using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.Cache;

/// <summary>How long an upstream answer may be cached, in seconds; 0 means "do not cache".</summary>
internal static class CacheLifetime
{
    public static uint For(in ResponseScan scan, CacheOptions options)
    {
        if (!scan.QuestionMatches || scan.IsTruncated || scan.TtlOffsetsOverflowed)
        {
            return 0;
        }

        uint ttl;
        uint max;
        switch (scan.Negative)
        {
            case NegativeAnswerKind.NameError:
            case NegativeAnswerKind.NoData:
                // RFC 2308 §5: a negative answer without an SOA carries no lifetime and should not be cached.
                if (!scan.HasSoa)
                {
                    return 0;
                }

                ttl = scan.NegativeTtl;
                max = (uint)options.MaxNegativeTtlSeconds;
                break;
            default:
                // SERVFAIL, REFUSED, FORMERR and the extended errors are about this moment or this path, not the name.
                if (scan.Rcode != DnsResponseCode.NoError)
                {
                    return 0;
                }

                ttl = scan.MinTtl;
                max = (uint)options.MaxTtlSeconds;
                break;
        }

        return Math.Min(Math.Max(ttl, (uint)options.MinTtlSeconds), max);
    }
}
