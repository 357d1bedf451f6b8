using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using HomeFilter.Resolver.Identity;
using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Tests.Pipeline;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Rules.Policy.Identity;
using HomeFilter.Rules.Trie;
using HomeFilter.Testing;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Identity;

/// <summary>
/// From the query to the settled facts: which MAC is believed (a trusted forwarder's option, else the neighbour table),
/// which address names the client (a trusted forwarder's ECS, else the sender), and the group and device settled from
/// client ID, MAC and address.
/// </summary>
public sealed class ClientIdentityTests
{
    private const string Forwarder = "198.18.0.1";
    private const string Laptop = "198.18.0.20";
    private const ulong EmmaMac = 0x02_00_00_00_00_01UL;
    private const ulong LeoMac = 0x02_00_00_00_00_02UL;

    private static readonly RuleSnapshot Snapshot = Build();

    // kids: Emma's MAC and the client ID emma; adults: 198.18.0.0/16. Devices: Emma's phone (MAC, ID), Leo (MAC).
    private static RuleSnapshot Build()
    {
        var document = new PolicyDocument
        {
            Groups =
            {
                new GroupDefinition { Name = "kids", Clients = ["02:00:00:00:00:01", "id:emma"] },
                new GroupDefinition { Name = "adults", Clients = ["198.18.0.0/16"] },
            },
            Devices =
            {
                new DeviceDefinition { Name = "Emma's phone", Macs = ["02:00:00:00:00:01"], ClientId = "emma" },
                new DeviceDefinition { Name = "Leo's laptop", Macs = ["02:00:00:00:00:02"] },
            },
        };
        var policy = PolicyCompiler.Compile(document, new CategoryTrieBuilder().Build(), [], new BuiltInRules([], [], []), TimeZoneInfo.Utc);
        return new RuleSnapshot(1, policy, [], LocalRecordSet.Build([]), ForwardZoneSet.Empty, null);
    }

    private static byte[] Packet(params EDnsOptionBase[] options)
    {
        var message = new DnsMessage { TransactionID = 7, IsQuery = true, IsRecursionDesired = true, IsEDnsEnabled = true };
        message.Questions.Add(new DnsQuestion(DomainName.Parse("www.example.com"), RecordType.A, RecordClass.INet));
        message.EDnsOptions = new OptRecord(1232, options);
        return DnsWireCodec.Encode(message);
    }

    private static EDnsOptionBase MacOption(ulong mac) =>
        new UnknownOption((EDnsOptionType)65001, [(byte)(mac >> 40), (byte)(mac >> 32), (byte)(mac >> 24), (byte)(mac >> 16), (byte)(mac >> 8), (byte)mac]);

    private static EDnsOptionBase Subnet(string address) => new ClientSubnetOption(32, IPAddress.Parse(address));

    private static QueryContext Settled(byte[] packet, string sender, ClientIdentifier identifier, string? clientId = null)
    {
        var context = new QueryContext { Query = packet, Transport = DnsTransportKind.Udp, ClientId = clientId };
        Assert.Equal(QueryReadStatus.Ok, QueryReader.TryRead(packet, context.NameBuffer, out context.Parsed));
        context.SetClientAddress(IPAddress.Parse(sender).GetAddressBytes());
        identifier.Identify(context);
        context.Settle(Snapshot);
        return context;
    }

    private static ClientIdentifier Identifier(string[]? trusted = null, (string Address, ulong Mac)[]? neighbours = null)
    {
        var table = new NeighbourTable();
        var v4 = new Dictionary<uint, ulong>();
        foreach (var (address, mac) in neighbours ?? [])
        {
            v4[System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(address).GetAddressBytes())] = mac;
        }

        table.Replace(new NeighbourMap(v4, []));
        return new ClientIdentifier(new IdentityOptions { TrustedForwarders = [.. trusted ?? []] }, table);
    }

    public static TheoryData<string, string, string, string?, ClientMacSource, string?> Cases => new()
    {
        // case, sender, options (mac / ecs / both / none), client ID → group, MAC source, device
        { "MAC option from a trusted forwarder", Forwarder, "mac", null, ClientMacSource.Option, "kids" },
        { "MAC option from the LAN is not believed", Laptop, "mac", null, ClientMacSource.NeighbourTable, "adults" },
        { "no option: the neighbour table", Laptop, "none", null, ClientMacSource.NeighbourTable, "adults" },
        { "ECS from a trusted forwarder names the client; its MAC from the neighbour table", Forwarder, "ecs", null, ClientMacSource.NeighbourTable, "adults" },
        { "client ID beats the neighbour table's MAC", Laptop, "none", "emma", ClientMacSource.NeighbourTable, "kids" },
        { "an unknown client ID is ignored", Laptop, "none", "stranger", ClientMacSource.NeighbourTable, "adults" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Identity_is_settled_from_what_is_believed(string what, string sender, string options, string? clientId, ClientMacSource source, string? group)
    {
        // The forwarder is trusted; the laptop is Leo's in the neighbour table; the forwarder's option claims Emma's MAC.
        var identifier = Identifier([Forwarder + "/32"], [(Laptop, LeoMac), (Forwarder, 0x02_00_00_00_00_99UL)]);
        var packet = options switch
        {
            "mac" => Packet(MacOption(EmmaMac)),
            "ecs" => Packet(Subnet(Laptop)),
            _ => Packet(),
        };

        var context = Settled(packet, sender, identifier, clientId);

        Assert.True(source == context.MacSource, what);
        Assert.Equal(group, context.Group.Name);
    }

    [Fact]
    public void The_trusted_forwarders_ecs_address_is_the_identity_and_the_sender_stays_the_client_address()
    {
        var context = Settled(Packet(Subnet(Laptop)), Forwarder, Identifier([Forwarder]));

        Assert.True(context.IdentityAddressFromSubnet);
        Assert.Equal(IPAddress.Parse(Laptop).GetAddressBytes(), context.IdentityAddressBytes.ToArray());
        Assert.Equal(IPAddress.Parse(Forwarder).GetAddressBytes(), context.ClientAddressBytes.ToArray());
    }

    [Fact]
    public void Ecs_from_an_untrusted_sender_is_ignored()
    {
        var context = Settled(Packet(Subnet("10.9.9.9")), Laptop, Identifier([Forwarder]));

        Assert.False(context.IdentityAddressFromSubnet);
        Assert.Equal(IPAddress.Parse(Laptop).GetAddressBytes(), context.IdentityAddressBytes.ToArray());
    }

    [Fact]
    public void By_default_only_loopback_is_a_trusted_forwarder()
    {
        var identifier = Identifier();

        Assert.Equal(ClientMacSource.Option, Settled(Packet(MacOption(EmmaMac)), "127.0.0.1", identifier).MacSource);
        Assert.Equal(ClientMacSource.Option, Settled(Packet(MacOption(EmmaMac)), "::1", identifier).MacSource);
        Assert.Equal(ClientMacSource.None, Settled(Packet(MacOption(EmmaMac)), "192.168.1.2", identifier).MacSource);
    }

    [Fact]
    public void The_device_is_settled_with_its_name_for_the_log()
    {
        var byMac = Settled(Packet(), Laptop, Identifier(neighbours: [(Laptop, LeoMac)]));
        var byId = Settled(Packet(), Laptop, Identifier(), clientId: "emma");
        var nobody = Settled(Packet(), Laptop, Identifier());

        Assert.Equal((1, "Leo's laptop", IdentityKind.Mac), (byMac.DeviceIndex, byMac.DeviceName, byMac.Identity.DeviceBy));
        Assert.Equal((0, "Emma's phone", IdentityKind.ClientId), (byId.DeviceIndex, byId.DeviceName, byId.Identity.DeviceBy));
        Assert.Equal((-1, (string?)null), (nobody.DeviceIndex, nobody.DeviceName));
        Assert.Equal(LeoMac, byMac.ClientMac);
    }

    [Fact]
    public void Reset_forgets_the_identity()
    {
        var context = Settled(Packet(Subnet(Laptop)), Forwarder, Identifier([Forwarder], [(Laptop, LeoMac)]), clientId: "stranger");
        Assert.True(context.UnknownClientId);

        context.Reset();

        Assert.Equal((0UL, ClientMacSource.None, false, -1, false), (context.ClientMac, context.MacSource, context.IdentityAddressFromSubnet, context.DeviceIndex, context.UnknownClientId));
        Assert.Null(context.ClientId);
    }

    [Theory]
    [InlineData(true, QueryOutcome.Blocked)]
    [InlineData(false, QueryOutcome.Forwarded)]
    public async Task A_per_client_override_follows_the_address_a_trusted_forwarder_names(bool withSubnet, QueryOutcome outcome)
    {
        var document = new PolicyDocument
        {
            Overrides = { new OverrideDefinition { Kind = OverrideDefinition.BlockAllKind, Client = Laptop, Until = "2100-01-01T00:00:00Z" } },
        };
        var policy = PolicyCompiler.Compile(document, new CategoryTrieBuilder().Build(), [], new BuiltInRules([], [], []), TimeZoneInfo.Utc);
        var snapshot = new RuleSnapshot(2, policy, [], LocalRecordSet.Build([]), ForwardZoneSet.Empty, null);
        var packet = withSubnet ? Packet(Subnet(Laptop)) : Packet();
        var context = new QueryContext { Query = packet, Transport = DnsTransportKind.Udp };
        Assert.Equal(QueryReadStatus.Ok, QueryReader.TryRead(packet, context.NameBuffer, out context.Parsed));
        context.SetClientAddress(IPAddress.Parse(Forwarder).GetAddressBytes());
        Identifier([Forwarder]).Identify(context);
        context.Settle(snapshot);
        var next = new RecordingNext(outcome: QueryOutcome.Forwarded);

        await new PolicyStage().InvokeAsync(context, next.Invoke);

        Assert.Equal(outcome, context.Outcome);
    }

    public static TheoryData<string?, bool, bool> UnknownIds => new()
    {
        // client ID, refuse unknown, served
        { "stranger", true, false },
        { "stranger", false, true },
        { "emma", true, true },
        { null, true, true },
    };

    [Theory]
    [MemberData(nameof(UnknownIds))]
    public async Task Access_control_refuses_an_unknown_client_id_when_told_to(string? clientId, bool refuse, bool served)
    {
        var stage = new AccessControlStage(HomeFilter.Resolver.Access.ClientNetworks.Parse(["198.18.0.0/15"]), new IdentityOptions { UnknownClientId = refuse ? "refuse" : "default" });
        var context = Settled(Packet(), Laptop, Identifier(), clientId);
        var next = new RecordingNext(outcome: QueryOutcome.Forwarded);

        await stage.InvokeAsync(context, next.Invoke);

        Assert.Equal(served ? 1 : 0, next.Calls);
        Assert.Equal(served ? QueryOutcome.Forwarded : QueryOutcome.Refused, context.Outcome);
        if (!served)
        {
            Assert.Equal("unknown client ID", context.Reason);
        }
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("Refuse", true)]
    [InlineData("drop", false)]
    public void Unknown_client_id_setting_is_checked(string value, bool valid) =>
        Assert.Equal(valid, !new IdentityOptions { UnknownClientId = value }.Problems().Any());

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3601, false)]
    public void Refresh_seconds_are_checked(int seconds, bool valid) =>
        Assert.Equal(valid, !new IdentityOptions { NeighbourRefreshSeconds = seconds }.Problems().Any());

    [Fact]
    public void A_bad_trusted_forwarder_names_the_setting() =>
        Assert.Contains("HomeFilter:Identity:TrustedForwarders", Assert.Single(new IdentityOptions { TrustedForwarders = ["router"] }.Problems()), StringComparison.Ordinal);
}
