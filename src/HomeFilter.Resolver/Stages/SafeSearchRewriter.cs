using System.Buffers;
using HomeFilter.Resolver.Pipeline;
using HomeFilter.Resolver.Wire;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.Stages;

/// <summary>
/// Answers a search engine's name with a CNAME to its enforced safe host (e.g. <c>www.google.com</c> →
/// <c>forcesafesearch.google.com</c>) followed by that host's records of the asked type. The policy stage redirects
/// the query to the safe host (<see cref="QueryContext.RedirectTo"/>) and lets the rest of the chain resolve it like
/// any question — CNAME inspection, the shared cache (which so holds the safe host's own answer), serve-stale, the
/// upstreams — then <see cref="RewriteAnswer"/> turns that answer into the client's. Extended DNS Error 17
/// "Filtered" says why.
/// </summary>
internal static class SafeSearchRewriter
{
    private const uint CnameTtl = 300;
    private const int InfoCodeFiltered = 17;
    private const int MaxChain = 8;
    private const int NameSize = DnsWire.MaxNameLength + 1;
    private const string Reason = "safe search";
    private const string FailedReason = "safe search: the safe host did not resolve";
    private static readonly byte[] ReasonText = "safe search"u8.ToArray();

    /// <summary>The follow-up the policy stage runs once the safe host's answer is in the context.</summary>
    public static readonly Action<QueryContext> RewriteAnswer = Rewrite;

    private static void Rewrite(QueryContext context)
    {
        var outcome = context.Outcome;
        if (outcome == QueryOutcome.Blocked)
        {
            // CNAME inspection found the safe host's chain blocked: its block answer for the question stands.
            return;
        }

        if (outcome is not (QueryOutcome.Forwarded or QueryOutcome.Cached or QueryOutcome.Stale) || !IsUsable(context.Response))
        {
            if (outcome != QueryOutcome.Failed)
            {
                // An upstream's SERVFAIL/REFUSED is for the safe host's question, not the client's: the processor answers SERVFAIL.
                context.ResponseLength = 0;
            }

            context.Outcome = QueryOutcome.Failed;
            context.Reason = FailedReason;
            return;
        }

        // The safe host's answer sits in the buffer the client's answer is written into: compose from a copy.
        var length = context.ResponseLength;
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            context.Response.CopyTo(copy);
            Compose(context, context.LookupName, copy.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static bool IsUsable(ReadOnlySpan<byte> answer)
    {
        if (answer.Length < DnsWire.HeaderSize)
        {
            return false;
        }

        var rcode = answer[3] & 0x0F;
        return rcode is DnsResponseCode.NoError or DnsResponseCode.NameError;
    }

    /// <summary>Question → CNAME → target, then the target answer's CNAME chain and address records, names re-pointed into our message.</summary>
    private static void Compose(QueryContext context, ReadOnlySpan<byte> targetName, ReadOnlySpan<byte> targetAnswer)
    {
        var rcode = targetAnswer[3] & 0x0F;
        if (!AnswerBuilder.TryStart(context.Query.Span, context.Parsed, rcode == DnsResponseCode.NameError ? rcode : DnsResponseCode.NoError, authoritative: false, context.ResponseBuffer, out var builder))
        {
            context.ResponseLength = 0;
            context.Outcome = QueryOutcome.Failed;
            context.Reason = FailedReason;
            return;
        }

        // Names we wrote (uncompressed) and where, so records owned by them can point there; kept on the stack.
        Span<byte> names = stackalloc byte[MaxChain * NameSize];
        Span<int> lengths = stackalloc int[MaxChain];
        Span<int> offsets = stackalloc int[MaxChain];
        var known = 0;
        var first = builder.AddNameRecord(AnswerBuilder.QuestionName, DnsWire.TypeCname, CnameTtl, targetName);
        if (first >= 0)
        {
            targetName.CopyTo(names);
            lengths[0] = targetName.Length;
            offsets[0] = first;
            known = 1;
        }

        if (AnswerRecords.TryCreate(targetAnswer, out var records))
        {
            Span<byte> owner = stackalloc byte[NameSize];
            Span<byte> alias = stackalloc byte[NameSize];
            while (records.MoveNext(out var record))
            {
                var ownerLength = DnsNameExpander.ReadLower(targetAnswer, record.Start, owner);
                var at = ownerLength <= 0 ? -1 : IndexOf(names, lengths, known, owner[..ownerLength]);
                if (at < 0)
                {
                    continue;
                }

                if (record.Type == DnsWire.TypeCname)
                {
                    var aliasLength = DnsNameExpander.ReadLower(targetAnswer, record.RdataStart, alias);
                    if (aliasLength > 0 && known < MaxChain)
                    {
                        var offset = builder.AddNameRecord(offsets[at], DnsWire.TypeCname, record.Ttl, alias[..aliasLength]);
                        if (offset >= 0)
                        {
                            alias[..aliasLength].CopyTo(names.Slice(known * NameSize));
                            lengths[known] = aliasLength;
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
        context.Reason = context.ResponseLength > 0 ? Reason : FailedReason;
    }

    private static int IndexOf(ReadOnlySpan<byte> names, ReadOnlySpan<int> lengths, int count, ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < count; i++)
        {
            if (name.SequenceEqual(names.Slice(i * NameSize, lengths[i])))
            {
                return i;
            }
        }

        return -1;
    }
}
