using System.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Tests.Wire;
using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.Tests.Pipeline;

/// <summary>A context as the processor hands it to the first stage: the query read and the per-query facts settled.</summary>
internal static class StageTestContext
{
    public static QueryContext Create(string name, RecordType type = RecordType.A, string client = "127.0.0.1", RuleSnapshot? snapshot = null, DateTime? at = null)
    {
        var query = WireFixtures.Query(name, type, edns: true);
        var context = new QueryContext { Query = query.Packet, Transport = DnsTransportKind.Udp };
        Assert.Equal(QueryReadStatus.Ok, QueryReader.TryRead(query.Packet, context.NameBuffer, out context.Parsed));
        var address = IPAddress.Parse(client);
        context.SetClientAddress(address.IsIPv4MappedToIPv6 ? address.MapToIPv4().GetAddressBytes() : address.GetAddressBytes());
        if (at is { } time)
        {
            context.ArrivalUtcTicks = time.Ticks;
        }

        context.Settle(snapshot ?? RuleSnapshot.Empty);
        return context;
    }
}
