using BenchmarkDotNet.Attributes;
using HomeFilter.Resolver.Wire;

namespace HomeFilter.Benchmarks;

/// <summary>
/// The per-query wire work of the server: reading the client's query, fitting an answer to the client,
/// scanning an answer for caching, and writing an error answer. All of it is expected to allocate nothing.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class WireBenchmarks
{
    private readonly byte[] _name = new byte[256];
    private readonly byte[] _output = new byte[65535];
    private readonly ushort[] _ttlOffsets = new ushort[64];
    private byte[] _query = [];
    private byte[] _queryWithoutEdns = [];
    private byte[] _answer = [];
    private byte[] _bigAnswer = [];
    private byte[] _lowerName = [];
    private ParsedQuery _parsed;
    private ParsedQuery _parsedWithoutEdns;
    private ParsedQuery _parsedTxt;

    [GlobalSetup]
    public void Setup()
    {
        _query = WireBenchmarkMessages.Query();
        _queryWithoutEdns = WireBenchmarkMessages.Query(edns: false);
        _answer = WireBenchmarkMessages.Answer();
        _bigAnswer = WireBenchmarkMessages.BigAnswer();
        _lowerName = WireBenchmarkMessages.LowerWireName("www.example.com");
        WireBenchmarkMessages.Expect(QueryReader.TryRead(_query, _name, out _parsed) == QueryReadStatus.Ok && _parsed.HasEdns, "query reads");
        WireBenchmarkMessages.Expect(QueryReader.TryRead(_queryWithoutEdns, _name, out _parsedWithoutEdns) == QueryReadStatus.Ok, "plain query reads");
        WireBenchmarkMessages.Expect(QueryReader.TryRead(WireBenchmarkMessages.Query(type: 16, edns: false), _name, out _parsedTxt) == QueryReadStatus.Ok, "TXT query reads");
        WireBenchmarkMessages.Expect(FinalizeAnswer() == _answer.Length - 28, "answer finalizes, the upstream's 28 bytes of cookie dropped");
        WireBenchmarkMessages.Expect((_output[2] & 0x02) == 0 && (_output[3] & 0x0F) == 0, "answer NOERROR, not truncated");
        WireBenchmarkMessages.Expect(FinalizeTruncated() <= 512 && (_output[2] & 0x02) != 0, "big answer truncated to 512");
        WireBenchmarkMessages.Expect(ScanAnswer() == 3, "three TTLs outside the OPT");
    }

    [Benchmark]
    public QueryReadStatus ReadQuery() => QueryReader.TryRead(_query, _name, out _);

    [Benchmark]
    public int FinalizeAnswer() =>
        ResponseFinalizer.Finalize(_answer, _parsed, _parsed.OriginalName(_query), 1232, authoritative: false, _output);

    [Benchmark]
    public int FinalizeAnswerWithoutEdns() =>
        ResponseFinalizer.Finalize(_answer, _parsedWithoutEdns, _parsedWithoutEdns.OriginalName(_queryWithoutEdns), 512, authoritative: false, _output);

    [Benchmark]
    public int FinalizeTruncated() =>
        ResponseFinalizer.Finalize(_bigAnswer, _parsedTxt, _lowerName, 512, authoritative: false, _output);

    [Benchmark]
    public int ScanAnswer()
    {
        ResponseScanner.TryScan(_answer, _lowerName, 1, 1, _ttlOffsets, out var scan);
        return scan.TtlCount;
    }

    [Benchmark]
    public int WriteServerFailure() =>
        ErrorResponseWriter.Write(_query, _parsed, questionValid: true, DnsResponseCode.ServerFailure, _output);
}
