using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HomeFilter.Monitoring.Alerts;
using HomeFilter.Monitoring.MonitoringPolicy;
using HomeFilter.Monitoring.QueryLog;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Policy.Document;
using HomeFilter.Storage.QueryLog;
using HomeFilter.Storage.Sqlite.Alerts;
using HomeFilter.Storage.Sqlite.QueryLog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using HomeFilter.Rules.Queries;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Tests.Alerts;

/// <summary>Alerts raised from stored log batches reach a webhook (after it comes up) and an SMTP sink, both on loopback.</summary>
public sealed class AlertDeliveryTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("homefilter-alerts-").FullName;
    private SqliteAlertStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteAlertStore(Path.Combine(_folder, "homefilter.db"));
        await _store.InitializeAsync(CancellationToken.None);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static QueryLogRecord Blocked(string name, string category) => new()
    {
        TimeUtc = DateTime.UtcNow,
        Client = "192.168.1.20",
        Group = "kids",
        Name = name,
        Type = 1,
        Outcome = QueryOutcome.Blocked,
        Category = category,
    };

    private (AlertEngine Engine, AlertDelivery Delivery) Create(AlertOptions options)
    {
        // The query log is never read here: the unusual-night check runs on the engine's timer only, minutes after start.
        var log = new SqliteQueryLogStore(Path.Combine(_folder, "querylog.db"), Options.Create(new QueryLogOptions()));
        var engine = new AlertEngine(_store, log, new FixedPolicy(), BackgroundNames.None, Options.Create(options), TimeProvider.System, NullLogger<AlertEngine>.Instance);
        var delivery = new AlertDelivery(engine, _store, Options.Create(options), new HttpClient(), TimeProvider.System, NullLogger<AlertDelivery>.Instance);
        return (engine, delivery);
    }

    [Fact]
    public async Task A_webhook_that_is_down_gets_the_alert_once_it_is_back()
    {
        var port = FreePort();
        var (engine, delivery) = Create(new AlertOptions { Webhook = new WebhookOptions { Url = $"http://127.0.0.1:{port}/hook", Headers = { ["X-Gotify-Key"] = "secret" } } });
        await engine.StartAsync(CancellationToken.None);
        await delivery.StartAsync(CancellationToken.None);
        await engine.OnBatchStoredAsync([Blocked("dns.google", "bypass")], CancellationToken.None);
        await engine.OnBatchStoredAsync([Blocked("dns.google", "bypass")], CancellationToken.None); // the same hour: a duplicate

        await Task.Delay(1500); // the first attempts fail: nothing listens
        var received = new ConcurrentQueue<(string Body, string? Key)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            received.Enqueue((await reader.ReadToEndAsync(), request.Headers["X-Gotify-Key"].ToString()));
            return Results.Ok();
        });
        await receiver.StartAsync();

        for (var i = 0; i < 150 && received.IsEmpty; i++)
        {
            await Task.Delay(100);
        }

        // Marked delivered once the receiver's answer is in (the request may still be finishing when it arrives).
        for (var i = 0; i < 100 && (await _store.UndeliveredAsync(CancellationToken.None)).Count > 0; i++)
        {
            await Task.Delay(50);
        }

        await delivery.StopAsync(CancellationToken.None);
        await engine.StopAsync(CancellationToken.None);
        var (body, key) = Assert.Single(received);
        Assert.Equal("secret", key);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("BypassAttempt", json.RootElement.GetProperty("kind").GetString());
        Assert.Contains("dns.google", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _store.UndeliveredAsync(CancellationToken.None));
        Assert.Single(await _store.ListAsync(new AlertFilter(), CancellationToken.None));
    }

    [Fact]
    public async Task Alerts_are_mailed_through_smtp()
    {
        var port = FreePort();
        var sink = new SinkStore();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(sink);
        var server = new SmtpServer.SmtpServer(options, services);
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);

        var (engine, delivery) = Create(new AlertOptions { Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = "none", From = "filter@home.test", To = ["parent@home.test"] } });
        await engine.StartAsync(CancellationToken.None);
        await delivery.StartAsync(CancellationToken.None);
        await engine.OnBatchStoredAsync([Blocked("adult.example", "adult")], CancellationToken.None);
        for (var i = 0; i < 100 && sink.Messages.IsEmpty; i++)
        {
            await Task.Delay(100);
        }

        await delivery.StopAsync(CancellationToken.None);
        await engine.StopAsync(CancellationToken.None);
        stop.Cancel();
        await Task.WhenAny(running, Task.Delay(2000));
        var message = Assert.Single(sink.Messages);
        Assert.Contains("parent@home.test", message, StringComparison.Ordinal);
        Assert.Contains("adult.example", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_are_listed_and_acknowledged()
    {
        var (engine, _) = Create(new AlertOptions());
        await engine.StartAsync(CancellationToken.None);
        await engine.OnBatchStoredAsync([Blocked("adult.example", "adult"), Blocked("casino.example", "gambling")], CancellationToken.None);
        await engine.StopAsync(CancellationToken.None);
        var alerts = await _store.ListAsync(new AlertFilter { Acknowledged = false }, CancellationToken.None);
        Assert.Equal(2, alerts.Count);
        Assert.True(await _store.AcknowledgeAsync(alerts[0].Id, "parent", DateTime.UtcNow, CancellationToken.None));
        Assert.False(await _store.AcknowledgeAsync(999, "parent", DateTime.UtcNow, CancellationToken.None));
        Assert.Single(await _store.ListAsync(new AlertFilter { Acknowledged = false }, CancellationToken.None));
        Assert.Equal("parent", (await _store.ListAsync(new AlertFilter { Acknowledged = true }, CancellationToken.None)).Single().AcknowledgedBy);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class FixedPolicy : IMonitoringPolicy
    {
        public TimeZoneInfo TimeZone => TimeZoneInfo.Utc;

        public IReadOnlySet<string> Categories { get; } = new HashSet<string> { "adult", "gambling", "bypass" };

        public long Generation => 1;

        public string DocumentJson => "{}";

        // Night alerts off: these tests run at any hour.
        public GroupAlertSettings? AlertSettingsFor(string? group) => new() { NightActivity = new NightActivitySettings { Enabled = false } };

        public string DisplayName(string client) => client;
    }

    private sealed class SinkStore : MessageStore
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Messages.Enqueue(string.Join(",", transaction.To.Select(t => $"{t.User}@{t.Host}")) + "\n" + Encoding.UTF8.GetString(buffer.ToArray()));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
