using BenchmarkDotNet.Attributes;
using HomeFilter.Resolver.Identity;
using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Benchmarks.Policy;

/// <summary>
/// What recognising a client costs a query: the group by address alone (as before), the full identity (client ID,
/// MAC, address → group and device) for each way a client is recognised, the neighbour-table lookup, and the whole
/// entry (identify + settle) with and without a neighbour table. A policy of 21 groups by prefix and address, 200
/// devices with MACs and client IDs, 200 MACs and client IDs in groups, a neighbour table of 1,000 entries.
/// </summary>
[Config(typeof(IdentityBenchmarkConfig))]
public class IdentityBenchmarks
{
    private readonly QueryContext _context = new();
    private readonly byte[] _address = [10, 7, 1, 2];
    private CompiledPolicy _policy = null!;
    private RuleSnapshot _snapshot = null!;
    private ClientIdentifier _withTable = null!;
    private ClientIdentifier _addressOnly = null!;
    private NeighbourMap _neighbours = null!;
    private byte[] _query = [];
    private ulong _mac;
    private string _clientId = "";

    [GlobalSetup]
    public void Setup()
    {
        var document = new PolicyDocument();
        for (var g = 0; g < 20; g++)
        {
            var group = new GroupDefinition { Name = $"room{g}", Clients = [$"10.{g}.0.0/16", $"192.168.{g}.7"] };
            for (var d = 0; d < 10; d++)
            {
                var n = (g * 10) + d;
                group.Clients.Add($"02:00:00:00:{n >> 8:x2}:{n & 0xFF:x2}");
                group.Clients.Add($"id:device-{n}");
                document.Devices.Add(new DeviceDefinition { Name = $"Device {n}", Macs = [$"02:00:00:00:{n >> 8:x2}:{n & 0xFF:x2}"], ClientId = $"device-{n}" });
            }

            document.Groups.Add(group);
        }

        document.Groups.Add(new GroupDefinition { Name = "kids", Clients = ["127.0.0.1"] });
        _policy = PolicyCompiler.Compile(document, new CategoryTrieBuilder().Build(), [], new BuiltInRules([], [], []), TimeZoneInfo.Utc);
        _snapshot = new RuleSnapshot(1, _policy, [], LocalRecordSet.Empty, ForwardZoneSet.Empty, null);
        _mac = 0x02_00_00_00_00_63UL; // device 99
        _clientId = "device-150";

        var v4 = new Dictionary<uint, ulong>();
        for (uint i = 0; i < 1000; i++)
        {
            v4[(10u << 24) | (7u << 16) | i] = 0x02_00_00_00_00_00UL | i;
        }

        _neighbours = new NeighbourMap(v4, []);
        var table = new NeighbourTable();
        table.Replace(_neighbours);
        _withTable = new ClientIdentifier(new IdentityOptions(), table);
        _addressOnly = new ClientIdentifier(new IdentityOptions { NeighbourTable = false }, table);
        _query = WireBenchmarkMessages.Query();
        WireBenchmarkMessages.Expect(Identify().Group == 9, "MAC decides");
        WireBenchmarkMessages.Expect(IdentifyByClientId().Group == 15, "client ID decides");
        WireBenchmarkMessages.Expect(Lookup() == (0x02_00_00_00_00_00UL | (1 << 8) | 2), "neighbour");
    }

    [Benchmark(Baseline = true)]
    public GroupPolicy GroupForAddress() => _policy.GroupFor(_address);

    [Benchmark]
    public Rules.Policy.Identity.ClientIdentity IdentifyByAddress() => _policy.Identify(null, 0, _address);

    [Benchmark]
    public Rules.Policy.Identity.ClientIdentity Identify() => _policy.Identify(null, _mac, _address);

    [Benchmark]
    public Rules.Policy.Identity.ClientIdentity IdentifyByClientId() => _policy.Identify(_clientId, _mac, _address);

    [Benchmark]
    public ulong Lookup() => _neighbours.Find(_address);

    /// <summary>The entry of a query from a LAN client: parse, neighbour lookup, settle (group, device, cache key).</summary>
    [Benchmark]
    public int SettleWithNeighbourTable() => Settle(_withTable);

    /// <summary>The same without the neighbour table: what entry cost before.</summary>
    [Benchmark]
    public int SettleAddressOnly() => Settle(_addressOnly);

    private int Settle(ClientIdentifier identifier)
    {
        var context = _context;
        context.Reset();
        context.SetClientAddress(_address);
        context.ArrivalUtcTicks = 1;
        context.Query = _query;
        QueryReader.TryRead(_query, context.NameBuffer, out context.Parsed);
        identifier.Identify(context);
        context.Settle(_snapshot);
        return context.Group.Index;
    }
}

public class IdentityBenchmarkConfig : BenchmarkConfig
{
    public IdentityBenchmarkConfig()
        : base("Identity")
    {
    }
}
