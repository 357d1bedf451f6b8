using HomeFilter.Compliance.Wire;

namespace HomeFilter.Compliance;

/// <summary>
/// The name a check asks about and the type that stands in for genreport's SOA: the answer that must
/// come back for a plain NOERROR, and must not for EDNS version 1 or an error RCODE.
/// </summary>
internal sealed record CheckTarget(QueryFlavours Flavour, string Name, ushort AnswerType)
{
    public const ushort TypeA = 1;

    public static CheckTarget Apex(string zone) => new(QueryFlavours.ApexSoa, DnsName.Normalize(zone), ComplianceCatalog.TypeSoa);

    public static CheckTarget Address(string name) => new(QueryFlavours.NameAddress, DnsName.Normalize(name), TypeA);

    /// <summary>The QTYPE a check asks here: genreport's SOA becomes this target's answer type.</summary>
    public ushort QueryTypeOf(ComplianceCheck check) =>
        check.QueryType == ComplianceCatalog.TypeSoa ? AnswerType : check.QueryType;

    /// <summary>The prefix results of this flavour carry in reports ("" for genreport's own).</summary>
    public string LabelPrefix => Flavour == QueryFlavours.NameAddress ? "A/" : "";

    /// <summary>Whether a record is the answer this target expects.</summary>
    public bool IsAnswer(DnsRecordInfo record) =>
        record.Type == AnswerType && (AnswerType != ComplianceCatalog.TypeSoa || DnsName.AreEqual(record.Owner, Name));

    /// <summary>genreport's tags for a missing and a misplaced SOA answer, or their A counterparts.</summary>
    public (string Missing, string Unexpected) AnswerTags =>
        AnswerType == ComplianceCatalog.TypeSoa ? ("nosoa", "soa") : ("noanswer", "answer");
}
