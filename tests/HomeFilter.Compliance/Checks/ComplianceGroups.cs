namespace HomeFilter.Compliance;

/// <summary>
/// The groupings genreport puts its tests in. Its <c>-f</c> switch (what the recursive-mode report
/// runs) selects <see cref="Edns"/> and <see cref="Full"/>; <c>-c</c> adds <see cref="Common"/>.
/// </summary>
[Flags]
public enum ComplianceGroups
{
    None = 0,

    /// <summary>genreport's default EDNS tests (dns, edns, edns1, edns@512, ednsopt, …, ednstcp).</summary>
    Edns = 1,

    /// <summary>genreport's FULL additions: header flags, unknown opcode and type, TCP, EDNS options.</summary>
    Full = 2,

    /// <summary>genreport's COMM tests: queries as BIND 9.11's named and dig send them.</summary>
    Common = 4,

    /// <summary>What <c>genreport -R -f</c> runs: the forwarder checks.</summary>
    Default = Edns | Full,

    All = Edns | Full | Common,
}
