using HomeFilter.Resolver.Access;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Stages;
using HomeFilter.Resolver.Tests.Pipeline;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Tests.Stages;

/// <summary>Access control with a recording <c>next</c>: a served client goes on, any other is refused without it.</summary>
public sealed class AccessControlStageTests
{
    private readonly AccessControlStage _stage = new(ClientNetworks.Parse(["192.168.1.0/24", "10.0.0.7", "fd00::/8"]));

    public static TheoryData<string, bool> Clients => new()
    {
        // client, served
        { "192.168.1.20", true },
        { "192.168.2.20", false },
        { "10.0.0.7", true },
        { "10.0.0.8", false },
        { "fd00::1", true },
        { "2001:db8::1", false },
        { "192.168.1.255", true },
        { "8.8.8.8", false },
    };

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Only_clients_in_the_served_networks_reach_the_rest_of_the_pipeline(string client, bool served)
    {
        var context = StageTestContext.Create("www.example.com", client: client);
        var next = new RecordingNext(CacheTestAnswer());

        await _stage.InvokeAsync(context, next.Invoke);

        Assert.Equal(served ? 1 : 0, next.Calls);
        Assert.Equal(served ? QueryOutcome.Forwarded : QueryOutcome.Refused, context.Outcome);
        if (!served)
        {
            // No answer of ours: the processor writes REFUSED, and the log says why.
            Assert.Equal(0, context.ResponseLength);
            Assert.Equal("client not in AllowedClients", context.Reason);
        }
    }

    [Fact]
    public async Task A_served_client_waits_for_the_rest_of_the_pipeline()
    {
        var context = StageTestContext.Create("www.example.com", client: "10.0.0.7");
        var next = new RecordingNext(CacheTestAnswer()) { Later = true };

        var pending = _stage.InvokeAsync(context, next.Invoke);
        Assert.False(pending.IsCompleted);
        next.Complete();
        await pending;

        Assert.Equal(QueryOutcome.Forwarded, context.Outcome);
    }

    private static byte[] CacheTestAnswer() => Cache.CacheTestSupport.Answer("www.example.com", 300);
}
