namespace HomeFilter.Compliance;

/// <summary>The outcome of one check in one flavour.</summary>
/// <param name="Name">genreport's test name (e.g. "edns1opt"), or "signed" for the derived DNSSEC line.</param>
/// <param name="Flavour">Whether the check asked genreport's apex SOA or the existing name's A record.</param>
/// <param name="Passed">The server behaved as RFC 6891 (and genreport) require.</param>
/// <param name="Reason">On failure, one line: genreport's tags, then what each means; null when passed.</param>
/// <param name="Outcome">genreport's result text for the test, e.g. "ok", "ok,nsid" or "noopt,nosoa".</param>
public sealed record ComplianceResult(string Name, QueryFlavours Flavour, bool Passed, string? Reason, string Outcome)
{
    /// <summary>The name as reports print it: genreport's name, prefixed "A/" in the A flavour.</summary>
    public string Label => Flavour == QueryFlavours.NameAddress ? "A/" + Name : Name;

    public override string ToString() => Passed ? $"{Label}={Outcome}" : $"{Label}={Outcome} ({Reason})";
}
