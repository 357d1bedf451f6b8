using HomeFilter.Resolver.Pipeline;
using HomeFilter.Rules.Queries;

namespace HomeFilter.Resolver.QueryLog;

/// <summary>
/// One query's outcome as the resolver hands it to the log. Instances are pooled by <see cref="QueryLogQueue"/>
/// and filled from byte buffers, so logging a query allocates nothing on the DNS path; the text
/// (client address, dotted name, answer addresses) is made by the writer, off the query path.
/// </summary>
public sealed class QueryLogEntry
{
    /// <summary>At most this many answer addresses are kept per query.</summary>
    public const int MaxAnswers = 8;

    private readonly byte[] _client = new byte[16];
    private readonly byte[] _name = new byte[256];
    private readonly byte[] _answers = new byte[MaxAnswers * 16];
    private readonly byte[] _answerLengths = new byte[MaxAnswers];

    /// <summary>When the query arrived, UTC.</summary>
    public DateTime TimeUtc { get; set; }

    /// <summary>The client address bytes (4 or 16; already truncated when the group anonymises).</summary>
    public ReadOnlySpan<byte> ClientAddress => _client.AsSpan(0, ClientAddressLength);

    public int ClientAddressLength { get; private set; }

    /// <summary>The question name, lower-case wire format (length-prefixed labels, ending with the root).</summary>
    public ReadOnlySpan<byte> WireName => _name.AsSpan(0, WireNameLength);

    public int WireNameLength { get; private set; }

    public ushort QueryType { get; set; }

    public QueryOutcome Outcome { get; set; }

    /// <summary>The response code the client got (0–15).</summary>
    public byte ResponseCode { get; set; }

    /// <summary>The client's group name (a string owned by the rule snapshot; null for the default rules).</summary>
    public string? Group { get; set; }

    /// <summary>The category that decided a block or rewrite (owned by the snapshot).</summary>
    public string? Category { get; set; }

    /// <summary>The rule that decided, in words (a static or snapshot-owned string).</summary>
    public string? Rule { get; set; }

    /// <summary>The upstream that answered (its configured text).</summary>
    public string? Upstream { get; set; }

    /// <summary>How long the upstream took, in microseconds; 0 when no upstream was asked.</summary>
    public int UpstreamMicroseconds { get; set; }

    /// <summary>How long the whole query took inside HomeFilter, in microseconds.</summary>
    public int DurationMicroseconds { get; set; }

    /// <summary>The rule snapshot generation that decided.</summary>
    public long Generation { get; set; }

    /// <summary>The client's MAC address (48 bits in the low bits), 0 when unknown.</summary>
    public ulong ClientMac { get; set; }

    /// <summary>The client ID an encrypted transport presented (the context's string, not a copy), null on plain DNS.</summary>
    public string? ClientId { get; set; }

    public int AnswerCount { get; private set; }

    /// <summary>The queue's per-client slot this entry was counted in while waiting.</summary>
    internal int FairnessSlot { get; set; }

    /// <summary>Answer address <paramref name="index"/> (4 or 16 bytes).</summary>
    public ReadOnlySpan<byte> Answer(int index) => _answers.AsSpan(index * 16, _answerLengths[index]);

    public void SetClientAddress(ReadOnlySpan<byte> address)
    {
        var length = Math.Min(address.Length, 16);
        address[..length].CopyTo(_client);
        ClientAddressLength = length;
    }

    public void SetWireName(ReadOnlySpan<byte> wireName)
    {
        var length = Math.Min(wireName.Length, _name.Length);
        wireName[..length].CopyTo(_name);
        WireNameLength = length;
    }

    /// <summary>Adds an answer address (4 or 16 bytes); ignored beyond <see cref="MaxAnswers"/>.</summary>
    public void AddAnswer(ReadOnlySpan<byte> address)
    {
        if (AnswerCount >= MaxAnswers || (address.Length != 4 && address.Length != 16))
        {
            return;
        }

        address.CopyTo(_answers.AsSpan(AnswerCount * 16));
        _answerLengths[AnswerCount] = (byte)address.Length;
        AnswerCount++;
    }

    /// <summary>Clears the entry for reuse.</summary>
    public void Reset()
    {
        TimeUtc = default;
        ClientAddressLength = 0;
        WireNameLength = 0;
        QueryType = 0;
        Outcome = QueryOutcome.None;
        ResponseCode = 0;
        Group = null;
        Category = null;
        Rule = null;
        Upstream = null;
        UpstreamMicroseconds = 0;
        DurationMicroseconds = 0;
        Generation = 0;
        ClientMac = 0;
        ClientId = null;
        AnswerCount = 0;
    }
}
