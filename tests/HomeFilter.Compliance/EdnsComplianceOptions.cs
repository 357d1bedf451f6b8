namespace HomeFilter.Compliance;

/// <summary>How the suite runs. The defaults are genreport's.</summary>
public sealed record EdnsComplianceOptions
{
    public static EdnsComplianceOptions Default { get; } = new();

    /// <summary>Which genreport groups to run; <c>genreport -R -f</c> runs EDNS and FULL.</summary>
    public ComplianceGroups Groups { get; init; } = ComplianceGroups.Default;

    /// <summary>Where the questions go: genreport's apex SOA, the existing name's A record, or both.</summary>
    public QueryFlavours Flavours { get; init; } = QueryFlavours.Both;

    /// <summary>How often a UDP query is sent before the check fails with "timeout" (genreport: 3).</summary>
    public int UdpAttempts { get; init; } = 3;

    /// <summary>How long to wait for a UDP answer before sending again (genreport: 1 s).</summary>
    public TimeSpan UdpRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a TCP exchange may take, connect included (genreport: 10 s).</summary>
    public TimeSpan TcpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Also fail an answer to a standard query whose RA bit is clear ("nora"). genreport does not check
    /// this; a forwarder that clears RA tells stub resolvers it will not recurse, so it is on by default.
    /// </summary>
    public bool RequireRecursionAvailable { get; init; } = true;
}
