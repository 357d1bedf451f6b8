using HomeFilter.Resolver.Diagnostics;
using HomeFilter.Resolver.Identity;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Transport;
using HomeFilter.Resolver.Wire;
using Microsoft.Extensions.Logging;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Pipeline;

/// <summary>
/// Reads the query, runs the pipeline, and writes exactly one response: the stage's answer adapted to this
/// client (ID, question case, EDNS, truncation), or the error the outcome calls for. Malformed packets never
/// reach a stage; they get FORMERR/NOTIMP/BADVERS where they can be answered and are dropped otherwise.
/// A query that parsed is settled here, once, before the first stage: the client's MAC and identity address, then
/// snapshot, group, device, arrival time, cache key.
/// </summary>
public sealed partial class PipelineQueryProcessor(QueryPipeline pipeline, RuleSnapshotHolder rules, QueryStatistics statistics, ILogger<PipelineQueryProcessor> logger, ClientIdentifier? identifier = null) : IQueryProcessor
{
    private readonly ClientIdentifier _identifier = identifier ?? ClientIdentifier.AddressOnly;

    /// <summary>We advertise 1232 (DNS flag day 2020) and never send a bigger UDP answer, whatever the client offers.</summary>
    public const int MaxUdpResponse = 1232;

    public ValueTask<int> ProcessAsync(QueryContext context, Memory<byte> output)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Query.Span;
        var status = QueryReader.TryRead(query, context.NameBuffer, out context.Parsed);
        if (status != QueryReadStatus.Ok)
        {
            return new ValueTask<int>(Reject(context, status, output.Span));
        }

        if (context.Transport == DnsTransportKind.Udp)
        {
            context.MaxResponseSize = context.Parsed.HasEdns ? Math.Min((int)context.Parsed.EdnsUdpSize, MaxUdpResponse) : 512;
        }

        ValueTask run;
        try
        {
            _identifier.Identify(context);
            context.Settle(rules.Current);
            run = pipeline.ExecuteAsync(context);
        }
        catch (Exception e)
        {
            return new ValueTask<int>(Fail(context, e, output.Span));
        }

        return run.IsCompletedSuccessfully
            ? new ValueTask<int>(Respond(context, output.Span))
            : AwaitAsync(run, context, output);
    }

    private async ValueTask<int> AwaitAsync(ValueTask run, QueryContext context, Memory<byte> output)
    {
        try
        {
            await run.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.Aborted.IsCancellationRequested)
        {
            return Fail(context, e, output.Span);
        }

        return Respond(context, output.Span);
    }

    private int Reject(QueryContext context, QueryReadStatus status, Span<byte> output)
    {
        if (status == QueryReadStatus.Drop)
        {
            statistics.CountDropped();
            TransportMetrics.Drop("malformed");
            return 0;
        }

        statistics.Count(status == QueryReadStatus.FormatError ? QueryOutcome.FormatError : QueryOutcome.NotImplemented);
        return ErrorResponseWriter.Write(context.Query.Span, context.Parsed, status, output);
    }

    private int Fail(QueryContext context, Exception error, Span<byte> output)
    {
        LogStageFailed(logger, error);
        context.ResponseLength = 0;
        context.Outcome = QueryOutcome.Failed;
        return Respond(context, output);
    }

    private int Respond(QueryContext context, Span<byte> output)
    {
        var outcome = context.Outcome == QueryOutcome.None ? QueryOutcome.Failed : context.Outcome;
        statistics.Count(outcome);
        if (context.Decision.Category >= 0 && context.Snapshot is { } snapshot && context.Decision.Category < snapshot.Categories.Count)
        {
            QueryStatistics.CountCategory(outcome, snapshot.Categories[context.Decision.Category]);
        }

        var query = context.Query.Span;
        if (outcome == QueryOutcome.RateLimited && context.ResponseLength == 0)
        {
            // Dropped on purpose: no answer is what keeps a spoofed flood from reaching its victim.
            TransportMetrics.Drop("rate-limited");
            return 0;
        }

        if (context.ResponseLength == 0)
        {
            var rcode = outcome == QueryOutcome.Refused ? DnsResponseCode.Refused : DnsResponseCode.ServerFailure;
            return ErrorResponseWriter.Write(query, context.Parsed, questionValid: true, rcode, output);
        }

        return ResponseFinalizer.Finalize(
            context.Response,
            context.Parsed,
            context.Parsed.OriginalName(query),
            context.MaxResponseSize,
            context.Authoritative,
            output);
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "A pipeline stage failed; answering SERVFAIL")]
    private static partial void LogStageFailed(ILogger logger, Exception exception);
}
