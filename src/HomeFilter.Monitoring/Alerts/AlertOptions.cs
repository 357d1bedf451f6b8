namespace HomeFilter.Monitoring.Alerts;

/// <summary>Where alerts are pushed, bound from <c>HomeFilter:Alerts</c>. Nothing configured: alerts are only listed in the API.</summary>
public sealed class AlertOptions
{
    public const string Section = "HomeFilter:Alerts";

    /// <summary>The background names list (night activity ignores them); default <c>blocklists/background.txt</c> beside the program.</summary>
    public string? BackgroundList { get; set; }

    public WebhookOptions Webhook { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The unusual-night rule: a device's night against its own recent nights.</summary>
    public UnusualNightOptions UnusualNight { get; set; } = new();
}

/// <summary>
/// <c>HomeFilter:Alerts:UnusualNight</c>: a device is unusual when, with at least three earlier nights on record,
/// its queries in the night window reach both <see cref="MinimumQueries"/> and <see cref="Factor"/> times the median
/// of its previous <see cref="BaselineNights"/> nights.
/// </summary>
public sealed class UnusualNightOptions
{
    public bool Enabled { get; set; } = true;

    public double Factor { get; set; } = 3;

    public long MinimumQueries { get; set; } = 30;

    public int BaselineNights { get; set; } = 14;
}

/// <summary>A JSON POST per alert (ntfy, Gotify, Home Assistant, anything that takes JSON).</summary>
public sealed class WebhookOptions
{
    public string? Url { get; set; }

    /// <summary>Extra headers, e.g. <c>Authorization</c> or Gotify's <c>X-Gotify-Key</c>.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>ntfy: the topic, sent in the body so the URL can be the server root.</summary>
    public string? Topic { get; set; }

    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>E-mail over SMTP (MailKit).</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>none</c>, <c>starttls</c> (default) or <c>tls</c>.</summary>
    public string Security { get; set; } = "starttls";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "homefilter@localhost";

    public List<string> To { get; set; } = [];
}
