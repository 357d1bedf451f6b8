using System.Collections.Concurrent;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Testing;
using Microsoft.Extensions.Logging;

namespace HomeFilter.Resolver.Tests.Upstream;

/// <summary>What a person sees when every upstream fails: health that does not claim more than is known, and one log line per outage.</summary>
public sealed class UpstreamReachabilityTests
{
    [Fact]
    public async Task An_upstream_is_unknown_until_it_answers()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("first.test", "192.0.2.1");
        await using var set = UpstreamTestSupport.CreateSet(UpstreamTestSupport.Options(server.UdpUpstream));

        Assert.Equal(UpstreamState.Unknown, Assert.Single(set.GetHealth()).State);
        Assert.Equal(AttemptStatus.Answered, (await set.ForwardAsync("first.test")).Result.Status);
        Assert.Equal(UpstreamState.Healthy, Assert.Single(set.GetHealth()).State);
    }

    [Fact]
    public async Task No_upstream_reachable_is_logged_once_per_outage_not_per_query()
    {
        await using var server = LoopbackDnsServer.Start();
        server.Zone.AddA("outage.test", "192.0.2.1");
        server.Behavior = ServerBehavior.Silent;
        var options = UpstreamTestSupport.Options(server.UdpUpstream);
        options.UpstreamTimeoutMs = 150;
        options.UpstreamDeadlineMs = 300;
        var log = new RecordingLogger();
        await using var set = new UpstreamSet(Microsoft.Extensions.Options.Options.Create(options), log);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AttemptStatus.Failed, (await set.ForwardAsync("outage.test")).Result.Status);
        }

        var outage = Assert.Single(log.Entries, e => e.Id == 310);
        Assert.Equal(LogLevel.Warning, outage.Level);
        Assert.StartsWith("No upstream reachable: " + server.UdpUpstream, outage.Message, StringComparison.Ordinal);

        server.Behavior = ServerBehavior.Answer;
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(AttemptStatus.Answered, (await set.ForwardAsync("outage.test")).Result.Status);
        }

        Assert.Single(log.Entries, e => e.Id == 311);

        server.Behavior = ServerBehavior.Silent;
        Assert.Equal(AttemptStatus.Failed, (await set.ForwardAsync("outage.test")).Result.Status);
        Assert.Equal(2, log.Entries.Count(e => e.Id == 310));
    }

    private sealed class RecordingLogger : ILogger<UpstreamSet>
    {
        public ConcurrentQueue<(int Id, LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
