namespace HomeFilter.Compliance;

/// <summary>
/// One genreport test: what the query looks like. How the answer is judged is the same rule set for
/// every check (see <see cref="ResponseJudge"/>), driven by these fields.
/// </summary>
/// <param name="Name">genreport's name for the test (e.g. <c>edns1opt</c>).</param>
/// <param name="Group">genreport's grouping.</param>
/// <param name="Opcode">Query opcode: 0, or 15 (unassigned) for the opcode tests, which send no question.</param>
/// <param name="QueryType">QTYPE asked at the zone apex (SOA for most, DNSKEY for the truncation tests).</param>
/// <param name="HeaderFlags">Header bits set besides RD.</param>
/// <param name="Edns">The OPT record sent, or null for a plain DNS query.</param>
/// <param name="OverTcp">Sent over TCP instead of UDP.</param>
/// <param name="IgnoreTruncation">A truncated UDP answer is judged as it is (no retry over TCP); it must fit the advertised size.</param>
/// <param name="SendsCookie">The query carries a client cookie, so BADCOOKIE is acceptable and a returned cookie must echo it.</param>
/// <param name="Description">What the test sends, in words.</param>
public sealed record ComplianceCheck(
    string Name,
    ComplianceGroups Group,
    byte Opcode,
    ushort QueryType,
    QueryHeaderFlags HeaderFlags,
    EdnsQuery? Edns,
    bool OverTcp,
    bool IgnoreTruncation,
    bool SendsCookie,
    string Description)
{
    public bool HasFlag(QueryHeaderFlags flag) => (HeaderFlags & flag) == flag;

    public byte EdnsVersion => Edns?.Version ?? 0;

    public bool SendsDo => Edns?.Do ?? false;
}
