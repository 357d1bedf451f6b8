namespace HomeFilter.Compliance;

/// <summary>One failure: genreport's tag and what it means for this response.</summary>
internal readonly record struct Failure(string Tag, string Why);

/// <summary>How one response (or the lack of one) was judged.</summary>
/// <param name="Tags">All tags in genreport's order: failures, or "ok", then what the answer carried (nsid, cookie, …).</param>
/// <param name="Failures">The failures alone, each explained.</param>
/// <param name="SeenRrsig">The answer section held an RRSIG (what genreport's "signed" line reports).</param>
internal sealed record Verdict(IReadOnlyList<string> Tags, IReadOnlyList<Failure> Failures, bool SeenRrsig)
{
    public bool Passed => Failures.Count == 0;

    public string Outcome => string.Join(',', Tags);

    /// <summary>One line: the failure tags, then what each means.</summary>
    public string? Reason => Passed
        ? null
        : $"{string.Join(',', Failures.Select(f => f.Tag))}: {string.Join("; ", Failures.Select(f => f.Why))}";

    public static Verdict Failed(string tag, string why) => new([tag], [new Failure(tag, why)], false);
}
