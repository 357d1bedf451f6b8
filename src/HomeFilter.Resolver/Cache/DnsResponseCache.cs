using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.Cache;

/// <summary>
/// Upstream answers kept as wire bytes, keyed by question and the DO/CD bits (dnsdist style). A hit
/// copies the stored bytes and rewrites each TTL to what is left of it; ID, AA, EDNS and size are fitted
/// to each client afterwards by <see cref="ResponseFinalizer"/>, so one entry serves every client.
/// Bounded in bytes, with CLOCK eviction per shard; expired entries stay for serve-stale (RFC 8767).
/// </summary>
public sealed class DnsResponseCache
{
    private const long ShardTargetBytes = 256 * 1024;
    private const int MaxShards = 16;

    private readonly CacheShard[] _shards;
    private readonly int _shardShift;
    private readonly TimeProvider _time;
    private readonly long _frequency;
    private readonly uint _staleAnswerTtl;
    private readonly long _staleWindowTicks;

    public DnsResponseCache(CacheOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problem = options.Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _frequency = _time.TimestampFrequency;
        _staleAnswerTtl = (uint)options.StaleAnswerTtlSeconds;
        _staleWindowTicks = options.StaleWindowSeconds * _frequency;

        // Small caches get few shards so that one shard still holds a useful number of answers.
        var shards = 1;
        while (shards < MaxShards && options.MaxBytes / (shards * 2) >= ShardTargetBytes)
        {
            shards *= 2;
        }

        _shardShift = 32 - int.Log2(shards);
        _shards = new CacheShard[shards];
        for (var i = 0; i < shards; i++)
        {
            _shards[i] = new CacheShard(options.MaxBytes / shards);
        }

        Live.Add(this);
    }

    public CacheOptions Options { get; }

    /// <summary>
    /// Copies a fresh answer for the question into <paramref name="destination"/> with its TTLs counted
    /// down, and returns true; false on a miss, an expired entry, or a skipped (contended) lookup.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> name, ushort type, ushort @class, bool dnssecOk, bool checkingDisabled, Span<byte> destination, out int length)
    {
        Span<byte> key = stackalloc byte[CacheKey.MaxLength];
        key = key[..CacheKey.Write(key, name, type, @class, dnssecOk, checkingDisabled)];
        return TryGet(new CacheKeyProbe(key, CacheKey.ComputeHash(key)), destination, out length);
    }

    /// <summary>As <see cref="TryGet(ReadOnlySpan{byte}, ushort, ushort, bool, bool, Span{byte}, out int)"/>, with the query's key written and hashed already.</summary>
    public bool TryGet(CacheLookupKey key, Span<byte> destination, out int length) =>
        TryGet(Probe(key), destination, out length);

    /// <summary>
    /// For when every upstream failed: copies an answer that expired less than StaleWindowSeconds ago
    /// with every TTL set to StaleAnswerTtlSeconds (a still-fresh one is served as usual).
    /// </summary>
    public bool TryGetStale(ReadOnlySpan<byte> name, ushort type, ushort @class, bool dnssecOk, bool checkingDisabled, Span<byte> destination, out int length)
    {
        Span<byte> key = stackalloc byte[CacheKey.MaxLength];
        key = key[..CacheKey.Write(key, name, type, @class, dnssecOk, checkingDisabled)];
        return TryGetStale(new CacheKeyProbe(key, CacheKey.ComputeHash(key)), destination, out length);
    }

    /// <summary>As <see cref="TryGetStale(ReadOnlySpan{byte}, ushort, ushort, bool, bool, Span{byte}, out int)"/>, with the query's key written and hashed already.</summary>
    public bool TryGetStale(CacheLookupKey key, Span<byte> destination, out int length) =>
        TryGetStale(Probe(key), destination, out length);

    /// <summary>
    /// Stores an upstream answer when it is cacheable: it answers this question, is not truncated, and is
    /// NOERROR with a non-zero lifetime or a negative answer with an SOA. Returns whether it was stored.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> name, ushort type, ushort @class, bool dnssecOk, bool checkingDisabled, ReadOnlySpan<byte> message)
    {
        Span<byte> key = stackalloc byte[CacheKey.MaxLength];
        key = key[..CacheKey.Write(key, name, type, @class, dnssecOk, checkingDisabled)];
        return TryAdd(new CacheKeyProbe(key, CacheKey.ComputeHash(key)), key[..name.Length], type, @class, message);
    }

    /// <summary>As <see cref="TryAdd(ReadOnlySpan{byte}, ushort, ushort, bool, bool, ReadOnlySpan{byte})"/>, with the query's key written and hashed already.</summary>
    public bool TryAdd(CacheLookupKey key, ReadOnlySpan<byte> message)
    {
        var probe = Probe(key);
        return TryAdd(probe, key.Name, key.Type, key.Class, message);
    }

    private static CacheKeyProbe Probe(CacheLookupKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.IsSet)
        {
            // A key nobody wrote would quietly miss every time: that is a bug in the caller, not a miss.
            throw new ArgumentException("The cache key of this query was not set.", nameof(key));
        }

        return new CacheKeyProbe(key.Bytes, key.Hash);
    }

    private bool TryGet(CacheKeyProbe probe, Span<byte> destination, out int length)
    {
        length = 0;
        var shard = ShardFor(probe.Hash);
        var entry = shard.Find(probe);
        if (entry is null)
        {
            shard.CountMiss();
            return false;
        }

        var age = _time.GetTimestamp() - entry.InsertedTimestamp;
        if (age >= entry.FreshTicks || destination.Length < entry.Message.Length)
        {
            if (age >= entry.StaleTicks)
            {
                shard.Remove(entry);
            }

            shard.CountMiss();
            return false;
        }

        entry.Referenced = true;
        length = CopyWithTtls(entry, destination, age, stale: false);
        shard.CountHit();
        return true;
    }

    private bool TryGetStale(CacheKeyProbe probe, Span<byte> destination, out int length)
    {
        length = 0;
        if (_staleWindowTicks == 0)
        {
            return false;
        }

        var shard = ShardFor(probe.Hash);
        var entry = shard.Find(probe);
        if (entry is null)
        {
            return false;
        }

        var age = _time.GetTimestamp() - entry.InsertedTimestamp;
        if (age >= entry.StaleTicks || destination.Length < entry.Message.Length)
        {
            return false;
        }

        entry.Referenced = true;
        length = CopyWithTtls(entry, destination, age, stale: age >= entry.FreshTicks);
        shard.CountStale();
        return true;
    }

    // name: the lower-cased question name, which the answer must be for.
    private bool TryAdd(CacheKeyProbe probe, ReadOnlySpan<byte> name, ushort type, ushort @class, ReadOnlySpan<byte> message)
    {
        if (Options.MaxBytes == 0 || message.Length < 12 || message.Length > ushort.MaxValue)
        {
            return false;
        }

        // A record takes at least 11 bytes, so this many offsets always suffice.
        var offsets = ArrayPool<ushort>.Shared.Rent((message.Length / 11) + 1);
        try
        {
            if (!ResponseScanner.TryScan(message, name, type, @class, offsets, out var scan))
            {
                return false;
            }

            var lifetime = CacheLifetime.For(scan, Options);
            if (lifetime == 0)
            {
                return false;
            }

            var freshTicks = lifetime * _frequency;
            var now = _time.GetTimestamp();
            var entry = new CacheEntry(new CacheKey(probe.Bytes.ToArray(), probe.Hash), message.ToArray(), offsets.AsSpan(0, scan.TtlCount).ToArray(), now, lifetime, freshTicks, freshTicks + _staleWindowTicks);
            var shard = ShardFor(probe.Hash);
            if (entry.Size > shard.Budget)
            {
                return false;
            }

            shard.Store(entry, now);
            return true;
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(offsets);
        }
    }

    /// <summary>Drops every entry (counters are kept).</summary>
    public void Clear()
    {
        foreach (var shard in _shards)
        {
            shard.Clear();
        }
    }

    public CacheStatistics GetStatistics()
    {
        long hits = 0, misses = 0, stale = 0, evictions = 0, skipped = 0, entries = 0, bytes = 0;
        foreach (var shard in _shards)
        {
            hits += shard.Hits;
            misses += shard.Misses;
            stale += shard.StaleServed;
            evictions += shard.Evictions;
            skipped += shard.Skipped;
            entries += shard.Count;
            bytes += shard.Bytes;
        }

        return new CacheStatistics(hits, misses, stale, evictions, skipped, entries, bytes, Options.MaxBytes);
    }

    private CacheShard ShardFor(int hash) => _shards.Length == 1 ? _shards[0] : _shards[(uint)hash >> _shardShift];

    /// <summary>Copies the stored message and writes each TTL as what is left of it, capped by the entry's lifetime.</summary>
    private int CopyWithTtls(CacheEntry entry, Span<byte> destination, long age, bool stale)
    {
        var message = entry.Message;
        message.CopyTo(destination);
        var elapsed = age <= 0 ? 0u : (uint)Math.Min(age / _frequency, uint.MaxValue);
        foreach (var offset in entry.TtlOffsets)
        {
            uint ttl;
            if (stale)
            {
                ttl = _staleAnswerTtl;
            }
            else
            {
                var original = Math.Min(DnsWireTtl(message, offset), entry.LifetimeSeconds);
                ttl = original > elapsed ? original - elapsed : 0;
            }

            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset, 4), ttl);
        }

        return message.Length;
    }

    private static uint DnsWireTtl(byte[] message, int offset)
    {
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(offset, 4));
        return ttl > int.MaxValue ? 0 : ttl;
    }

    /// <summary>
    /// Observable instruments read the shard counters on collection, so the query path pays nothing for metrics;
    /// created once, they report the total over the caches alive (see <see cref="LiveInstances{T}"/>).
    /// </summary>
    private static readonly LiveInstances<DnsResponseCache> Live = RegisterInstruments();

    private static LiveInstances<DnsResponseCache> RegisterInstruments()
    {
        var live = new LiveInstances<DnsResponseCache>();
        var meter = ResolverMeter.Meter;
        meter.CreateObservableCounter("homefilter.cache.hits", () => Read(live, static s => s.Hits), description: "Answers served fresh from the response cache.");
        meter.CreateObservableCounter("homefilter.cache.misses", () => Read(live, static s => s.Misses), description: "Cache lookups that found no fresh answer.");
        meter.CreateObservableCounter("homefilter.cache.stale_served", () => Read(live, static s => s.StaleServed), description: "Expired answers served because every upstream failed (RFC 8767).");
        meter.CreateObservableCounter("homefilter.cache.evictions", () => Read(live, static s => s.Evictions), description: "Entries removed to stay within MaxBytes or after their stale window.");
        meter.CreateObservableCounter("homefilter.cache.skipped_lookups", () => Read(live, static s => s.SkippedLookups), description: "Lookups that skipped the cache because its lock was busy.");
        meter.CreateObservableGauge("homefilter.cache.entries", () => Read(live, static s => s.Entries), description: "Answers held in the response cache.");
        meter.CreateObservableGauge("homefilter.cache.bytes", () => Read(live, static s => s.Bytes), unit: "By", description: "Memory taken by the response cache, as counted against MaxBytes.");
        return live;
    }

    private static long Read(LiveInstances<DnsResponseCache> live, Func<CacheStatistics, long> select) =>
        live.Sum(cache => select(cache.GetStatistics()));
}
