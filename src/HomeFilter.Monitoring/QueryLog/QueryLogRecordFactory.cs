using System.Net;
using HomeFilter.Resolver.LocalData;
using HomeFilter.Resolver.QueryLog;

namespace HomeFilter.Monitoring.QueryLog;

/// <summary>Turns the resolver's pooled byte entries into stored rows (text), on the writer's thread.</summary>
public static class QueryLogRecordFactory
{
    public static QueryLogRecord From(QueryLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var answers = entry.AnswerCount == 0 ? [] : new string[entry.AnswerCount];
        for (var i = 0; i < answers.Length; i++)
        {
            answers[i] = new IPAddress(entry.Answer(i)).ToString();
        }

        var time = entry.TimeUtc;
        return new QueryLogRecord
        {
            // Millisecond precision: what the store keeps and an export shows.
            TimeUtc = new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc),
            Client = entry.ClientAddressLength is 4 or 16 ? new IPAddress(entry.ClientAddress).ToString() : "",
            Group = entry.Group,
            Name = WireNames.ToDotted(entry.WireName),
            Type = entry.QueryType,
            Outcome = entry.Outcome,
            Category = entry.Category,
            Rule = entry.Rule,
            Upstream = entry.Upstream,
            UpstreamMicroseconds = entry.UpstreamMicroseconds,
            DurationMicroseconds = entry.DurationMicroseconds,
            ResponseCode = entry.ResponseCode,
            Answers = answers,
            Generation = entry.Generation,
        };
    }
}
