using System.Net.Http.Json;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using HomeFilter.Storage.Alerts;

namespace HomeFilter.Monitoring.Alerts;

/// <summary>
/// Pushes each new alert to the webhook and by e-mail, whichever are configured, retrying with exponential
/// back-off (1 s doubling to 5 min) for up to a day. Undelivered alerts are kept marked in the store, so a restart
/// picks them up again. Never touches DNS or the log writer.
/// </summary>
public sealed partial class AlertDelivery(AlertEngine engine, IAlertStore store, IOptions<AlertOptions> options, HttpClient http, TimeProvider clock, ILogger<AlertDelivery> logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private bool Configured => options.Value.Webhook.Url is not null || (options.Value.Smtp.Host is not null && options.Value.Smtp.To.Count > 0);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _taken = new();

    /// <summary>Deliveries under way, by alert id: a stop waits for them, so none writes to the store after it closes.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Task> _delivering = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // The stop token has reached every delivery: a retry wait ends at once, a send in progress is cancelled, and a
        // send that has just succeeded records it.
        await Task.WhenAll(_delivering.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (Configured)
            {
                foreach (var pending in await store.UndeliveredAsync(stoppingToken).ConfigureAwait(false))
                {
                    _ = DeliverAsync(pending, stoppingToken);
                }
            }

            await foreach (var alert in engine.Raised.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (Configured)
                {
                    // Each alert retries on its own, so one unreachable receiver never holds up the next alert.
                    _ = DeliverAsync(alert, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
    {
        // An alert raised while start-up reads the undelivered ones arrives both ways: deliver it once. Ids stay in
        // the set for the life of the process (alerts are few: each situation raises one).
        if (!_taken.TryAdd(alert.Id, 0))
        {
            return;
        }

        var delivering = DeliverOnceAsync(alert, cancellationToken);
        _delivering[alert.Id] = delivering;
        try
        {
            await delivering.ConfigureAwait(false);
        }
        finally
        {
            _delivering.TryRemove(alert.Id, out _);
        }
    }

    private async Task DeliverOnceAsync(Alert alert, CancellationToken cancellationToken)
    {
        var webhook = options.Value.Webhook.Url is null;
        var mail = options.Value.Smtp.Host is null || options.Value.Smtp.To.Count == 0;
        var delay = FirstDelay;
        var started = clock.GetUtcNow();
        try
        {
            while (true)
            {
                webhook = webhook || await TryAsync(() => PostAsync(alert, cancellationToken), "webhook", alert).ConfigureAwait(false);
                mail = mail || await TryAsync(() => MailAsync(alert, cancellationToken), "e-mail", alert).ConfigureAwait(false);
                if (webhook && mail)
                {
                    // Not cancellable: once sent, a shutdown must not leave it marked undelivered (it would be sent again).
                    await store.MarkDeliveredAsync(alert.Id, CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                if (clock.GetUtcNow() - started > GiveUpAfter)
                {
                    LogGaveUp(logger, alert.Id);
                    await store.MarkDeliveredAsync(alert.Id, CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A setting that cannot work (a malformed address or URL) or a store failure: retrying will not help.
            // The alert stays undelivered in the store and listed in the API.
            LogFailed(logger, alert.Id, e);
        }
    }

    /// <summary>
    /// Sends a test alert once to every configured channel, now (no retry, nothing stored), so a person setting up
    /// delivery sees at once whether it works. Returns the failures in words, empty when every channel took it.
    /// </summary>
    public async Task<IReadOnlyList<string>> SendTestAsync(string requestedBy, CancellationToken cancellationToken)
    {
        var alert = new Alert
        {
            Kind = AlertKind.SensitiveCategory,
            TimeUtc = clock.GetUtcNow().UtcDateTime,
            Client = "test",
            Message = $"This is a test alert from HomeFilter, sent by {requestedBy}. Delivery works.",
            DedupeKey = "test",
        };
        var failures = new List<string>();
        if (!Configured)
        {
            failures.Add("no webhook or e-mail is configured");
            return failures;
        }

        var settings = options.Value;
        if (settings.Webhook.Url is not null)
        {
            await TestAsync(() => PostAsync(alert, cancellationToken), "webhook", failures).ConfigureAwait(false);
        }

        if (settings.Smtp.Host is not null && settings.Smtp.To.Count > 0)
        {
            await TestAsync(() => MailAsync(alert, cancellationToken), "e-mail", failures).ConfigureAwait(false);
        }

        return failures;
    }

    private static async Task TestAsync(Func<Task> send, string channel, List<string> failures)
    {
        try
        {
            await send().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || e is TaskCanceledException)
        {
            failures.Add($"{channel}: {e.Message}");
        }
    }

    private async Task<bool> TryAsync(Func<Task> send, string channel, Alert alert)
    {
        try
        {
            await send().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.ServiceNotConnectedException or System.Net.Sockets.SocketException or AuthenticationException or MailKit.Security.SslHandshakeException)
        {
            LogRetry(logger, channel, alert.Id, e.Message);
            return false;
        }
    }

    private async Task PostAsync(Alert alert, CancellationToken cancellationToken)
    {
        var settings = options.Value.Webhook;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url);
        foreach (var (name, value) in settings.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        // title/message/priority: what Gotify and ntfy (JSON publishing) read; the rest for Home Assistant and scripts.
        request.Content = JsonContent.Create(new
        {
            topic = settings.Topic,
            title = $"HomeFilter: {alert.Kind}",
            message = alert.Message,
            priority = alert.Kind is AlertKind.SensitiveCategory or AlertKind.BypassAttempt ? 4 : 3,
            id = alert.Id,
            kind = alert.Kind.ToString(),
            timeUtc = alert.TimeUtc,
            client = alert.Client,
            group = alert.Group,
            name = alert.Name,
            category = alert.Category,
        }, options: Json);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)));
        using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private async Task MailAsync(Alert alert, CancellationToken cancellationToken)
    {
        var settings = options.Value.Smtp;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var to in settings.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = $"HomeFilter alert: {alert.Message}";
        var body = new BodyBuilder
        {
            TextBody = $"{alert.Message}\n\nKind: {alert.Kind}\nTime (UTC): {alert.TimeUtc:u}\nDevice: {alert.Client}\nGroup: {alert.Group ?? "(none)"}\n",
            HtmlBody = $"<p>{System.Net.WebUtility.HtmlEncode(alert.Message)}</p><p>Kind: {alert.Kind}<br>Time (UTC): {alert.TimeUtc:u}<br>Device: {System.Net.WebUtility.HtmlEncode(alert.Client)}</p>",
        };
        message.Body = body.ToMessageBody();
        using var client = new SmtpClient();
        var security = settings.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(settings.Host!, settings.Port, security, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 630, Level = LogLevel.Warning, Message = "Alert {Id}: {Channel} delivery failed ({Error}); retrying with back-off")]
    private static partial void LogRetry(ILogger logger, string channel, long id, string error);

    [LoggerMessage(EventId = 632, Level = LogLevel.Error, Message = "Alert {Id} cannot be delivered (check HomeFilter:Alerts:Webhook and HomeFilter:Alerts:Smtp)")]
    private static partial void LogFailed(ILogger logger, long id, Exception exception);

    [LoggerMessage(EventId = 631, Level = LogLevel.Error, Message = "Alert {Id}: gave up delivering after a day of retries (it stays listed in the API)")]
    private static partial void LogGaveUp(ILogger logger, long id);
}
