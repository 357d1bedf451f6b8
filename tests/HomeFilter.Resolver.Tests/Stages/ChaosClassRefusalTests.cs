using System.Net;
using HomeFilter.Resolver.Access;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Tests.Wire;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Stages;

/// <summary>The access control stage with a recording <c>next</c>: CHAOS-class questions are refused, as are clients outside the networks.</summary>
public sealed class ChaosClassRefusalTests
{
    private readonly AccessControlStage _stage = new(ClientNetworks.Parse(["127.0.0.0/8"]));

    public static TheoryData<string, string, ushort, ushort, bool, string?> Questions => new()
    {
        // client, name, type, class, passed on, reason when refused
        { "127.0.0.3", "example.test", 1, 1, true, null },
        { "127.0.0.3", "version.bind", 16, 1, true, null }, // class IN: an ordinary (forwarded) name
        { "127.0.0.3", "version.bind", 16, 3, false, "refused: CHAOS class (version.bind and the like) is not answered" },
        { "127.0.0.3", "hostname.bind", 16, 3, false, "refused: CHAOS class (version.bind and the like) is not answered" },
        { "127.0.0.3", "id.server", 16, 3, false, "refused: CHAOS class (version.bind and the like) is not answered" },
        { "127.0.0.3", "version.server", 16, 3, false, "refused: CHAOS class (version.bind and the like) is not answered" },
        { "127.0.0.3", "authors.bind", 16, 3, false, "refused: CHAOS class (version.bind and the like) is not answered" },
        { "127.0.0.3", "example.test", 1, 3, false, "refused: CHAOS class (version.bind and the like) is not answered" },
        { "192.0.2.1", "example.test", 1, 1, false, "client not in AllowedClients" },
        { "192.0.2.1", "version.bind", 16, 3, false, "client not in AllowedClients" },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task Refuses_clients_outside_the_networks_and_chaos_class_questions(string client, string name, ushort type, ushort @class, bool passedOn, string? reason)
    {
        var context = Context(client, name, type, @class);
        var calls = 0;

        await _stage.InvokeAsync(context, c =>
        {
            calls++;
            return ValueTask.CompletedTask;
        });

        Assert.Equal(passedOn ? 1 : 0, calls);
        Assert.Equal(passedOn ? QueryOutcome.None : QueryOutcome.Refused, context.Outcome);
        Assert.Equal(reason, context.Reason);
        Assert.Equal(0, context.ResponseLength);
    }

    private static QueryContext Context(string client, string name, ushort type, ushort @class)
    {
        var packet = PacketBuilder.Query().Question(type, @class, name.Split('.')).ToArray();
        var context = new QueryContext { Query = packet, ClientAddress = IPAddress.Parse(client) };
        Assert.Equal(QueryReadStatus.Ok, QueryReader.TryRead(packet, context.NameBuffer, out context.Parsed));
        return context;
    }
}
