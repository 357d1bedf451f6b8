using System.Net;
using System.Text;
using HomeFilter.Compliance.Wire;

namespace HomeFilter.Compliance;

/// <summary>
/// EDNS(0) compliance checks for a recursive server or forwarder: ISC genreport's tests in recursive
/// mode (<c>genreport -R -f</c>), run against any DNS server address, one check after another, in two
/// flavours: genreport's SOA at the zone apex, and A at a name the server resolves.
/// </summary>
public static class EdnsComplianceSuite
{
    /// <summary>Every check the suite knows, in genreport's order.</summary>
    public static IReadOnlyList<ComplianceCheck> Checks => ComplianceCatalog.All;

    /// <summary>
    /// Runs the default checks (genreport's EDNS and FULL groups, at the zone apex and at the name)
    /// against <paramref name="server"/>. <paramref name="existingName"/> must be a name the server
    /// resolves to an A record; genreport's questions go to the apex of its zone, found from the SOA
    /// the server returns for it.
    /// </summary>
    /// <exception cref="ComplianceSetupException">The server does not resolve the name or shows no SOA for its zone.</exception>
    public static Task<IReadOnlyList<ComplianceResult>> RunAsync(IPEndPoint server, string existingName, CancellationToken cancellationToken) =>
        RunAsync(server, existingName, EdnsComplianceOptions.Default, cancellationToken);

    /// <inheritdoc cref="RunAsync(IPEndPoint, string, CancellationToken)"/>
    public static async Task<IReadOnlyList<ComplianceResult>> RunAsync(IPEndPoint server, string existingName,
        EdnsComplianceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrWhiteSpace(existingName);
        ArgumentNullException.ThrowIfNull(options);
        var zone = await ZoneDiscovery.FindZoneAsync(server, existingName, options, cancellationToken).ConfigureAwait(false);
        var targets = new List<CheckTarget>(2);
        if ((options.Flavours & QueryFlavours.ApexSoa) != 0)
        {
            targets.Add(CheckTarget.Apex(zone));
        }

        if ((options.Flavours & QueryFlavours.NameAddress) != 0)
        {
            targets.Add(CheckTarget.Address(existingName));
        }

        return await RunTargetsAsync(server, targets, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs genreport's own flavour alone (SOA at the apex of <paramref name="zone"/>, which must have
    /// one), without looking anything up first.
    /// </summary>
    public static Task<IReadOnlyList<ComplianceResult>> RunForZoneAsync(IPEndPoint server, string zone,
        EdnsComplianceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(options);
        return RunTargetsAsync(server, [CheckTarget.Apex(zone)], options, cancellationToken);
    }

    private static async Task<IReadOnlyList<ComplianceResult>> RunTargetsAsync(IPEndPoint server, List<CheckTarget> targets,
        EdnsComplianceOptions options, CancellationToken cancellationToken)
    {
        var results = new List<ComplianceResult>();
        foreach (var target in targets)
        {
            Verdict? signed = null;
            foreach (var check in ComplianceCatalog.All)
            {
                if ((check.Group & options.Groups) == 0)
                {
                    continue;
                }

                // One after another on purpose: the first run against a fresh server is the cold-cache run.
                var verdict = await CheckRunner.RunAsync(server, target, check, options, cancellationToken).ConfigureAwait(false);
                if (check.Name == "do")
                {
                    signed = verdict;
                }

                // genreport prints its "signed" line (the "do" result, plus "yes" if RRSIGs came back) before ednstcp.
                if (check.Name == "ednstcp" && signed is not null)
                {
                    var outcome = signed.SeenRrsig ? signed.Outcome + ",yes" : signed.Outcome;
                    results.Add(new ComplianceResult(ComplianceCatalog.SignedName, target.Flavour, signed.Passed, signed.Reason, outcome));
                }

                results.Add(new ComplianceResult(check.Name, target.Flavour, verdict.Passed, verdict.Reason, verdict.Outcome));
            }
        }

        return results;
    }

    /// <summary>
    /// A printable report: a count, genreport's one-line form (<c>name=outcome …</c>), then one line
    /// per failure with its reason.
    /// </summary>
    public static string FormatSummary(IReadOnlyList<ComplianceResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var passed = results.Count(r => r.Passed);
        var text = new StringBuilder();
        text.Append("EDNS compliance (genreport -R): ").Append(passed).Append(" of ").Append(results.Count).Append(" checks ok").AppendLine();
        foreach (var flavour in results.GroupBy(r => r.Flavour))
        {
            text.AppendLine(string.Join(' ', flavour.Select(r => $"{r.Label}={r.Outcome}")));
        }

        foreach (var failure in results.Where(r => !r.Passed))
        {
            text.Append("  FAIL ").Append(failure.Label).Append(": ").AppendLine(failure.Reason);
        }

        return text.ToString();
    }
}
