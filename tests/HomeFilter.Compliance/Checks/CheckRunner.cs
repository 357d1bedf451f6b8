using System.Net;
using HomeFilter.Compliance.Transport;
using HomeFilter.Compliance.Wire;

namespace HomeFilter.Compliance;

/// <summary>Sends one check's query, falls back to TCP on truncation like genreport, and judges the answer.</summary>
internal static class CheckRunner
{
    public static async Task<Verdict> RunAsync(IPEndPoint server, CheckTarget target, ComplianceCheck check,
        EdnsComplianceOptions options, CancellationToken cancellationToken)
    {
        var id = (ushort)Random.Shared.Next(0x10000);
        var qtype = target.QueryTypeOf(check);
        var query = QueryWriter.Build(check, target.Name, qtype, id);
        var overTcp = check.OverTcp;
        ExchangeResult exchange;
        if (overTcp)
        {
            exchange = await DnsExchange.TcpAsync(server, query, options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            exchange = await DnsExchange.UdpAsync(server, query, datagram => Answers(datagram, id, check, target.Name, qtype), options,
                cancellationToken).ConfigureAwait(false);

            // A truncated answer is retried over TCP and the TCP answer is judged, except where the check is
            // about truncation itself.
            if (exchange.Response is { } udp && IsTruncated(udp) && !check.IgnoreTruncation)
            {
                overTcp = true;
                exchange = await DnsExchange.TcpAsync(server, query, options, cancellationToken).ConfigureAwait(false);
            }
        }

        if (exchange.Response is not { } response)
        {
            return Verdict.Failed(exchange.FailureTag!, exchange.FailureWhy!);
        }

        var message = ResponseParser.Parse(response);
        if (overTcp && !message.IsMalformed && (message.Id != id || !QuestionsMatch(message, check, target.Name, qtype)))
        {
            return Verdict.Failed("mismatch", "the TCP answer is for another query (ID or question differs)");
        }

        return ResponseJudge.Judge(check, target, message, options.RequireRecursionAvailable);
    }

    private static bool IsTruncated(byte[] response) => response.Length > 2 && (response[2] & 0x02) != 0;

    /// <summary>
    /// Whether a datagram is the answer to this query. Anything else is ignored and the wait goes on,
    /// as genreport does; a question that cannot be parsed is taken, to be judged malformed.
    /// </summary>
    private static bool Answers(ReadOnlySpan<byte> datagram, ushort id, ComplianceCheck check, string qname, ushort qtype)
    {
        if (datagram.Length < ResponseParser.HeaderLength || (datagram[2] & 0x80) == 0 ||
            ((datagram[0] << 8) | datagram[1]) != id)
        {
            return false;
        }

        if (check.Opcode != 0)
        {
            return true;
        }

        var message = ResponseParser.Parse(datagram);
        return message.Questions.Count < message.QuestionCount || QuestionsMatch(message, check, qname, qtype);
    }

    private static bool QuestionsMatch(DnsMessage message, ComplianceCheck check, string qname, ushort qtype)
    {
        if (check.Opcode != 0)
        {
            return true;
        }

        foreach (var question in message.Questions)
        {
            if (question.Type != qtype || !DnsName.AreEqual(question.Name, qname))
            {
                return false;
            }
        }

        return true;
    }
}
