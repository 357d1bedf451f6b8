using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Tests.Wire;
using HomeFilter.Testing;

namespace HomeFilter.Resolver.Tests.Cache;

/// <summary>A question as the cache sees it.</summary>
public sealed record CacheQuestion(string Name, RecordType Type = RecordType.A, bool DnssecOk = false, bool CheckingDisabled = false, RecordClass Class = RecordClass.INet)
{
    public byte[] WireName => QueryReaderTests.WireName(Name);
}

internal static class CacheTestSupport
{
    public static DnsResponseCache Create(ManualTimeProvider time, Action<CacheOptions>? configure = null)
    {
        var options = new CacheOptions();
        configure?.Invoke(options);
        return new DnsResponseCache(options, time);
    }

    public static bool Add(this DnsResponseCache cache, CacheQuestion question, byte[] message) =>
        cache.TryAdd(question.WireName, (ushort)question.Type, (ushort)question.Class, question.DnssecOk, question.CheckingDisabled, message);

    public static DnsMessage? Get(this DnsResponseCache cache, CacheQuestion question)
    {
        var buffer = new byte[65535];
        return cache.TryGet(question.WireName, (ushort)question.Type, (ushort)question.Class, question.DnssecOk, question.CheckingDisabled, buffer, out var length)
            ? DnsWireCodec.Decode(buffer.AsSpan(0, length))
            : null;
    }

    public static DnsMessage? GetStale(this DnsResponseCache cache, CacheQuestion question)
    {
        var buffer = new byte[65535];
        return cache.TryGetStale(question.WireName, (ushort)question.Type, (ushort)question.Class, question.DnssecOk, question.CheckingDisabled, buffer, out var length)
            ? DnsWireCodec.Decode(buffer.AsSpan(0, length))
            : null;
    }

    /// <summary>An upstream answer with one A record per TTL given.</summary>
    public static byte[] Answer(string name, params int[] ttls)
    {
        var message = WireFixtures.Response(name, RecordType.A);
        for (var i = 0; i < ttls.Length; i++)
        {
            message.AnswerRecords.Add(WireFixtures.A(name, ttls[i], $"192.0.2.{i + 1}"));
        }

        message.IsEDnsEnabled = true;
        return WireFixtures.Encode(message);
    }

    public static byte[] Negative(string name, RecordType type, ReturnCode rcode, int? soaTtl, int soaMinimum = 300)
    {
        var message = WireFixtures.Response(name, type, rcode);
        if (soaTtl is int ttl)
        {
            message.AuthorityRecords.Add(WireFixtures.Soa("example.com", ttl, soaMinimum));
        }

        return WireFixtures.Encode(message);
    }
}
