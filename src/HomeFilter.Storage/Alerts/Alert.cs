using System.Text.Json.Serialization;

namespace HomeFilter.Storage.Alerts;

/// <summary>The kinds of alert parents and librarians get.</summary>
public enum AlertKind
{
    /// <summary>A device active inside the night window (not just background traffic).</summary>
    NightActivity,
    /// <summary>The first blocked hit of a sensitive category (adult, gambling, dating…) for a device on a day.</summary>
    SensitiveCategory,
    /// <summary>A device tried a way around the filter (DoH canary, DoH/VPN/proxy providers, iCloud Private Relay).</summary>
    BypassAttempt,
    /// <summary>A device that was active sends nothing while others do (it may use another DNS server).</summary>
    SilentDevice,
    /// <summary>A device far busier in the night window than on its own recent nights (JSON <c>unusualNight</c>).</summary>
    [JsonStringEnumMemberName("unusualNight")]
    UnusualNightActivity,
    /// <summary>A downloaded list's new copy was held back by a guard (it shrank, was empty or an HTML page); the last good copy stays.</summary>
    ListHeldBack,
    /// <summary>The last run stopped without flushing the log (killed, crashed, power cut); some answered queries are not in the log.</summary>
    UncleanStop,
}

/// <summary>One raised alert. <see cref="DedupeKey"/> makes it unique: the same situation raises it once.</summary>
public sealed record Alert
{
    public long Id { get; init; }

    public required AlertKind Kind { get; init; }

    public required DateTime TimeUtc { get; init; }

    public required string Client { get; init; }

    public string? Group { get; init; }

    /// <summary>The device the client was recognised as, null for none.</summary>
    public string? Device { get; init; }

    /// <summary>The branch whose device raised it (<c>HomeFilter:Branch:Id</c>); null for a single site.</summary>
    public string? Branch { get; init; }

    public string? Name { get; init; }

    public string? Category { get; init; }

    /// <summary>One sentence for people.</summary>
    public required string Message { get; init; }

    public required string DedupeKey { get; init; }

    public DateTime? AcknowledgedUtc { get; init; }

    public string? AcknowledgedBy { get; init; }

    /// <summary>Pushed to every configured channel (or given up on after a day of trying).</summary>
    public bool Delivered { get; init; }
}

/// <summary>Which alerts to list; all parts optional.</summary>
public sealed record AlertFilter
{
    public string? Client { get; init; }

    public string? Group { get; init; }

    public AlertKind? Kind { get; init; }

    public bool? Acknowledged { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    public int Limit { get; init; } = 100;
}
