using System.Buffers;
using System.Runtime.CompilerServices;
using HomeFilter.Resolver.Cache;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Reload;
using HomeFilter.Resolver.Upstream;
using HomeFilter.Resolver.Wire;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Answers a search engine's name with a CNAME to its enforced safe host (e.g. <c>www.google.com</c> →
/// <c>forcesafesearch.google.com</c>) followed by that host's records of the asked type, resolved through the
/// shared cache and the upstreams. Extended DNS Error 17 "Filtered" says why.
/// </summary>
public sealed class SafeSearchRewriter(DnsResponseCache cache, UpstreamSet upstreams)
{
    private const uint CnameTtl = 300;
    private const int InfoCodeFiltered = 17;
    private const int MaxChain = 8;
    private const string Reason = "safe search";
    private static readonly byte[] ReasonText = "safe search"u8.ToArray();

    internal ValueTask RewriteAsync(QueryContext context, RuleSnapshot snapshot, int target)
    {
        var targetName = snapshot.SafeSearchTargetNames[target];
        ref readonly var parsed = ref context.Parsed;
        var answer = ArrayPool<byte>.Shared.Rent(QueryContext.MaxMessageSize);
        if (cache.TryGet(targetName, parsed.QType, parsed.QClass, parsed.DnssecOk, parsed.CheckingDisabled, answer, out var length))
        {
            Compose(context, targetName, answer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(answer);
            return ValueTask.CompletedTask;
        }

        return ResolveAsync(context, targetName, answer);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ResolveAsync(QueryContext context, byte[] targetName, byte[] answer)
    {
        var queryBuffer = ArrayPool<byte>.Shared.Rent(UpstreamQuery.MaxBufferLength);
        try
        {
            var query = UpstreamStage.WriteQuery(context, targetName, queryBuffer);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await upstreams.ForwardAsync(query, answer, context.Aborted).ConfigureAwait(false);
            context.UpstreamElapsedTicks = System.Diagnostics.Stopwatch.GetTimestamp() - started;
            if (result.Status != AttemptStatus.Answered)
            {
                context.Outcome = QueryOutcome.Failed;
                context.Reason = "safe search: the safe host did not resolve";
                return;
            }

            context.Upstream = result.Upstream;
            ref readonly var parsed = ref context.Parsed;
            var message = answer.AsSpan(0, result.Length);
            cache.TryAdd(targetName, parsed.QType, parsed.QClass, parsed.DnssecOk, parsed.CheckingDisabled, message);
            Compose(context, targetName, message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(queryBuffer);
            ArrayPool<byte>.Shared.Return(answer);
        }
    }

    /// <summary>Question → CNAME → target, then the target answer's CNAME chain and address records, names re-pointed into our message.</summary>
    private static void Compose(QueryContext context, byte[] targetName, ReadOnlySpan<byte> targetAnswer)
    {
        var rcode = targetAnswer.Length >= 4 ? targetAnswer[3] & 0x0F : DnsResponseCode.ServerFailure;
        if (!AnswerBuilder.TryStart(context.Query.Span, context.Parsed, rcode == DnsResponseCode.NameError ? rcode : DnsResponseCode.NoError, authoritative: false, context.ResponseBuffer, out var builder))
        {
            context.Outcome = QueryOutcome.Failed;
            return;
        }

        // Names we wrote (uncompressed) and where, so records owned by them can point there.
        Span<int> offsets = stackalloc int[MaxChain];
        var names = new byte[MaxChain][];
        var known = 0;
        var first = builder.AddNameRecord(AnswerBuilder.QuestionName, DnsWire.TypeCname, CnameTtl, targetName);
        if (first >= 0)
        {
            names[0] = targetName;
            offsets[0] = first;
            known = 1;
        }

        if (AnswerRecords.TryCreate(targetAnswer, out var records))
        {
            Span<byte> owner = stackalloc byte[DnsWire.MaxNameLength + 1];
            Span<byte> alias = stackalloc byte[DnsWire.MaxNameLength + 1];
            while (records.MoveNext(out var record))
            {
                var ownerLength = DnsNameExpander.ReadLower(targetAnswer, record.Start, owner);
                var at = IndexOf(names, known, owner[..Math.Max(ownerLength, 0)]);
                if (ownerLength <= 0 || at < 0)
                {
                    continue;
                }

                if (record.Type == DnsWire.TypeCname)
                {
                    var aliasLength = DnsNameExpander.ReadLower(targetAnswer, record.RdataStart, alias);
                    if (aliasLength > 0 && known < MaxChain)
                    {
                        var copy = alias[..aliasLength].ToArray();
                        var offset = builder.AddNameRecord(offsets[at], DnsWire.TypeCname, record.Ttl, copy);
                        if (offset >= 0)
                        {
                            names[known] = copy;
                            offsets[known++] = offset;
                        }
                    }
                }
                else if (record.Type == context.Parsed.QType && !DnsWire.HasCompressibleNames(record.Type))
                {
                    // Address-like RDATA (A, AAAA, TXT, HTTPS targets uncompressed) copies as is.
                    builder.AddRecord(offsets[at], record.Type, record.Ttl, targetAnswer.Slice(record.RdataStart, record.RdataLength));
                }
            }
        }

        context.ResponseLength = builder.Finish(InfoCodeFiltered, ReasonText);
        context.Outcome = context.ResponseLength > 0 ? QueryOutcome.Rewritten : QueryOutcome.Failed;
        context.Reason = Reason;
    }

    private static int IndexOf(byte[][] names, int count, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < count; i++)
        {
            if (name.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
