namespace HomeFilter.Resolver.QueryLog;

/// <summary>
/// Queries that were answered but could not be logged, per client and time span, so the log can say so instead
/// of silently missing rows ("N queries from client X between t1 and t2 not stored"). Recording takes a short lock:
/// it only runs when entries are being dropped, which is already the slow path.
/// </summary>
public sealed class QueryLogGaps
{
    /// <summary>Distinct clients tracked between two harvests; beyond it drops are folded into one "other clients" gap.</summary>
    public const int MaxClients = 512;

    private readonly object _lock = new();
    private readonly Dictionary<ClientAddressKey, Span> _byClient = new(MaxClients);
    private Span _others;
    private long _total;

    /// <summary>Queries counted in gaps since start.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Counts one query from <paramref name="client"/> (4 or 16 address bytes) that arrived at <paramref name="arrivalTicks"/> and was not stored.</summary>
    public void Record(ReadOnlySpan<byte> client, long arrivalTicks, long count = 1)
    {
        var key = ClientAddressKey.From(client);
        lock (_lock)
        {
            _total += count;
            if (_byClient.TryGetValue(key, out var span))
            {
                _byClient[key] = span.Add(arrivalTicks, count);
            }
            else if (_byClient.Count < MaxClients)
            {
                _byClient[key] = default(Span).Add(arrivalTicks, count);
            }
            else
            {
                _others = _others.Add(arrivalTicks, count);
            }
        }
    }

    /// <summary>Takes every gap recorded since the last harvest (the writer stores them beside the rows).</summary>
    public void Harvest(List<DroppedSpan> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        lock (_lock)
        {
            foreach (var (key, span) in _byClient)
            {
                into.Add(new DroppedSpan(key.ToText(), new DateTime(span.First, DateTimeKind.Utc), new DateTime(span.Last, DateTimeKind.Utc), span.Count));
            }

            if (_others.Count > 0)
            {
                into.Add(new DroppedSpan(null, new DateTime(_others.First, DateTimeKind.Utc), new DateTime(_others.Last, DateTimeKind.Utc), _others.Count));
            }

            _byClient.Clear();
            _others = default;
        }
    }

    private readonly record struct Span(long First, long Last, long Count)
    {
        public Span Add(long ticks, long count) => Count == 0
            ? new Span(ticks, ticks, count)
            : new Span(Math.Min(First, ticks), Math.Max(Last, ticks), Count + count);
    }
}

/// <summary>
/// <paramref name="Count"/> queries from <paramref name="Client"/> (null: several clients) that arrived between
/// <paramref name="FromUtc"/> and <paramref name="ToUtc"/> and were dropped before the log: the writer turns these into stored gaps.
/// </summary>
public readonly record struct DroppedSpan(string? Client, DateTime FromUtc, DateTime ToUtc, long Count);
