using System.Diagnostics;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Policy;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.QueryLog;

/// <summary>
/// The outermost stage: lets the rest of the pipeline answer, then hands one entry per
/// query to the <see cref="QueryLogQueue"/> (never waiting: a full queue drops and counts). Honours the group's
/// privacy settings: log everything, only blocked queries, or nothing, and truncated client addresses.
/// </summary>
public sealed class QueryLogStage : IQueryStage
{
    private const ushort TypeA = 1;
    private const ushort TypeAaaa = 28;
    private readonly QueryLogQueue _queue;
    private readonly Action<QueryContext> _record;

    public QueryLogStage(QueryLogQueue queue)
    {
        _queue = queue;
        _record = Record;
    }

    public ValueTask InvokeAsync(QueryContext context, QueryHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ValueTask rest;
        try
        {
            rest = next(context);
        }
        catch
        {
            // A stage that throws before returning is a failed query too, and is logged like one.
            _record(context);
            throw;
        }

        return StageContinuation.Then(rest, context, _record, evenOnFailure: true);
    }

    private void Record(QueryContext context)
    {
        // Snapshot, group, arrival time and start stamp were settled at entry, like every per-query fact.
        var snapshot = context.Snapshot;
        var group = context.Group;
        var outcome = context.Outcome == QueryOutcome.None ? QueryOutcome.Failed : context.Outcome;
        if (group.Log == QueryLogMode.None || (group.Log == QueryLogMode.Blocked && outcome is not (QueryOutcome.Blocked or QueryOutcome.Rewritten)))
        {
            return;
        }

        var entry = _queue.Rent();
        entry.TimeUtc = new DateTime(context.ArrivalUtcTicks, DateTimeKind.Utc);
        SetClient(entry, context.ClientAddressBytes, group.AnonymizeClients);
        if (!group.AnonymizeClients)
        {
            // A MAC or client ID names one device as surely as its full address does: an anonymising group keeps neither.
            entry.ClientMac = context.ClientMac;
            entry.ClientId = context.ClientId;
        }

        entry.SetWireName(context.Name);
        entry.QueryType = context.Parsed.QType;
        entry.Outcome = outcome;
        var response = context.Response;
        entry.ResponseCode = (byte)(response.Length >= 4 ? response[3] & 0x0F : outcome == QueryOutcome.Refused ? DnsResponseCode.Refused : DnsResponseCode.ServerFailure);
        entry.Group = group.Name;
        var decision = context.Decision;
        entry.Category = outcome is QueryOutcome.Blocked or QueryOutcome.Rewritten ? snapshot.Policy.CategoryName(decision) : null;
        entry.Rule = context.Reason;
        entry.Upstream = context.Upstream;
        entry.UpstreamMicroseconds = ToMicroseconds(context.UpstreamElapsedTicks);
        entry.DurationMicroseconds = context.StartTimestamp == 0 ? 0 : ToMicroseconds(Stopwatch.GetTimestamp() - context.StartTimestamp);
        entry.Generation = snapshot.Generation;
        if (outcome is QueryOutcome.Forwarded or QueryOutcome.Cached or QueryOutcome.Stale or QueryOutcome.Rewritten or QueryOutcome.Local)
        {
            AddAnswers(entry, response);
        }

        _queue.TryWrite(entry);
    }

    private static void SetClient(QueryLogEntry entry, ReadOnlySpan<byte> address, bool anonymize)
    {
        if (!anonymize)
        {
            entry.SetClientAddress(address);
            return;
        }

        // IPv4 /24, IPv6 /48: enough to tell networks apart, not people.
        Span<byte> truncated = stackalloc byte[16];
        truncated.Clear();
        var keep = address.Length == 4 ? 3 : 6;
        address[..Math.Min(keep, address.Length)].CopyTo(truncated);
        entry.SetClientAddress(truncated[..address.Length]);
    }

    private static void AddAnswers(QueryLogEntry entry, ReadOnlySpan<byte> response)
    {
        if (response.Length < DnsWire.HeaderSize || DnsWire.ReadUInt16(response, DnsWire.OffsetAnCount) == 0 || !AnswerRecords.TryCreate(response, out var answers))
        {
            return;
        }

        while (answers.MoveNext(out var record))
        {
            if ((record.Type == TypeA && record.RdataLength == 4) || (record.Type == TypeAaaa && record.RdataLength == 16))
            {
                entry.AddAnswer(response.Slice(record.RdataStart, record.RdataLength));
            }
        }
    }

    private static int ToMicroseconds(long stopwatchTicks) =>
        stopwatchTicks <= 0 ? 0 : (int)Math.Min(int.MaxValue, stopwatchTicks * 1_000_000 / Stopwatch.Frequency);
}
