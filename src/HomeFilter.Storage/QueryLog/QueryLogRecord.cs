using HomeFilter.Rules.Queries;

namespace HomeFilter.Storage.QueryLog;

/// <summary>
/// One stored query-log row: what a device looked up and what HomeFilter did. Names and metadata only,
/// never content. <see cref="Id"/> is 0 until the store has assigned it.
/// </summary>
public sealed record QueryLogRecord
{
    public long Id { get; init; }

    /// <summary>When the query arrived, UTC, millisecond precision.</summary>
    public required DateTime TimeUtc { get; init; }

    /// <summary>Client address as text (truncated when its group anonymises).</summary>
    public required string Client { get; init; }

    /// <summary>The client's group; null for clients in no group (the default rules).</summary>
    public string? Group { get; init; }

    /// <summary>The question name, lower-case, no trailing dot ("." for the root).</summary>
    public required string Name { get; init; }

    /// <summary>The query type number (1 = A, 28 = AAAA, …).</summary>
    public required ushort Type { get; init; }

    public required QueryOutcome Outcome { get; init; }

    /// <summary>The category that decided a block or rewrite.</summary>
    public string? Category { get; init; }

    /// <summary>The rule that decided, in words.</summary>
    public string? Rule { get; init; }

    /// <summary>The upstream that answered.</summary>
    public string? Upstream { get; init; }

    /// <summary>Upstream latency in microseconds (0 when no upstream was asked).</summary>
    public int UpstreamMicroseconds { get; init; }

    /// <summary>Time spent inside HomeFilter in microseconds.</summary>
    public int DurationMicroseconds { get; init; }

    /// <summary>The response code the client got.</summary>
    public int ResponseCode { get; init; }

    /// <summary>Answer addresses of forwarded or cached answers, as text.</summary>
    public IReadOnlyList<string> Answers { get; init; } = [];

    /// <summary>The rule snapshot generation that decided.</summary>
    public long Generation { get; init; }

    /// <summary>The name of the device the client was recognised as (by client ID, MAC or address), null for none.</summary>
    public string? Device { get; init; }

    /// <summary>The client's MAC address (<c>aa:bb:cc:dd:ee:ff</c>) when known; for admins, never sent upstream.</summary>
    public string? Mac { get; init; }

    /// <summary>The client ID an encrypted transport presented (DoH path, DoT/DoQ SNI), null on plain DNS.</summary>
    public string? ClientId { get; init; }

    /// <summary>The branch resolver that answered (<c>HomeFilter:Branch:Id</c>); null for a single site.</summary>
    public string? Branch { get; init; }

    /// <summary>
    /// The row's place in its branch's stream (1, 2, 3… never reused), 0 when not numbered. A store keeps, per branch,
    /// the highest sequence it holds and skips rows at or below it, so a batch shipped twice is stored once.
    /// </summary>
    public long Sequence { get; init; }
}
