using HomeFilter.Monitoring.Devices;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Resolver.QueryLog;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Policy.Overrides;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Monitoring.Tests.QueryLog;

public sealed class QueryLogRecordFactoryTests
{
    private static QueryLogEntry Entry(byte last, ulong mac, string? clientId)
    {
        var entry = new QueryLogEntry { TimeUtc = new DateTime(2026, 11, 28, 21, 0, 0, DateTimeKind.Utc), QueryType = 1, Outcome = QueryOutcome.Forwarded };
        entry.SetClientAddress([192, 168, 1, last]);
        entry.SetWireName([1, (byte)'a', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0]);
        entry.ClientMac = mac;
        entry.ClientId = clientId;
        return entry;
    }

    [Fact]
    public void Rows_carry_the_MAC_the_client_ID_and_the_device_the_policy_names()
    {
        var document = new PolicyDocument
        {
            Devices = [new DeviceDefinition { Name = "Emma's phone", ClientId = "emma-phone" }, new DeviceDefinition { Name = "Tom's tablet", Macs = ["02:00:5e:10:00:02"] }],
        };
        var factory = new QueryLogRecordFactory { Devices = DeviceLookup.From(1, document, DeviceDirectory.Compile(document)) };

        var byId = factory.From(Entry(20, 0, "emma-phone"));
        Assert.Equal(("Emma's phone", (string?)null, "emma-phone"), (byId.Device, byId.Mac, byId.ClientId));
        var byMac = factory.From(Entry(21, 0x02005e100002UL, null));
        Assert.Equal(("Tom's tablet", "02:00:5e:10:00:02", (string?)null), (byMac.Device, byMac.Mac, byMac.ClientId));
        var again = factory.From(Entry(22, 0x02005e100002UL, null));
        Assert.Same(byMac.Mac, again.Mac); // the text is made once per MAC
        var nobody = factory.From(Entry(23, 0, null));
        Assert.Equal(((string?)null, (string?)null, (string?)null), (nobody.Device, nobody.Mac, nobody.ClientId));
    }

    [Fact]
    public void Reset_forgets_the_MAC_and_client_ID()
    {
        var entry = Entry(20, 0x02005e100002UL, "emma-phone");
        entry.Reset();
        Assert.Equal((0UL, (string?)null), (entry.ClientMac, entry.ClientId));
    }
}
