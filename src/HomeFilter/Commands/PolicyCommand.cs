using System.Globalization;
using System.Net;
using HomeFilter.Resolver.Reload;
using HomeFilter.Rules.Policy;

namespace HomeFilter.Commands;

/// <summary>
/// <c>HomeFilter policy check FILE</c>: validates a policy document and loads its lists, listing every error.
/// <c>HomeFilter policy explain FILE --client IP --name NAME [--time ISO-8601]</c>: says what the policy does with
/// that name for that client at that time, and why (group, schedule, category, list and line).
/// </summary>
public static class PolicyCommand
{
    public const string Usage = "usage: HomeFilter policy check FILE\n       HomeFilter policy explain FILE --client IP --name NAME [--time 2026-11-28T21:30:00Z] [--lists BUNDLED-LISTS-DIR]";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length < 2 || args[0] is not ("check" or "explain"))
        {
            await stderr.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 2; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                await stderr.WriteLineAsync($"unexpected argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                return 2;
            }

            options[args[i][2..]] = args[++i];
        }

        RuleSnapshot snapshot;
        var warnings = new List<string>();
        try
        {
            snapshot = await PolicyFile.BuildAsync(args[1], options.GetValueOrDefault("lists"), CancellationToken.None, warnings).ConfigureAwait(false);
        }
        catch (PolicyRejectedException e)
        {
            await stderr.WriteLineAsync($"{args[1]}: {e.Errors.Count} error(s)").ConfigureAwait(false);
            foreach (var error in e.Errors)
            {
                await stderr.WriteLineAsync($"  {error.Path}: {error.Message}").ConfigureAwait(false);
            }

            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or TimeZoneNotFoundException)
        {
            await stderr.WriteLineAsync($"{args[1]}: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        foreach (var warning in warnings)
        {
            await stderr.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        return args[0] == "check" ? await CheckAsync(snapshot, stdout).ConfigureAwait(false) : await ExplainAsync(snapshot, options, stdout, stderr).ConfigureAwait(false);
    }

    private static async Task<int> CheckAsync(RuleSnapshot snapshot, TextWriter stdout)
    {
        var policy = snapshot.Policy;
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"valid: {policy.Groups.Count} groups, {policy.CategoryNames.Count} categories, {snapshot.Trie.NameCount} listed names, time zone {policy.TimeZone.Id}")).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ExplainAsync(RuleSnapshot snapshot, Dictionary<string, string> options, TextWriter stdout, TextWriter stderr)
    {
        if (!options.TryGetValue("client", out var clientText) || !IPAddress.TryParse(clientText, out var client) || !options.TryGetValue("name", out var name))
        {
            await stderr.WriteLineAsync("explain needs --client IP and --name NAME\n" + Usage).ConfigureAwait(false);
            return 2;
        }

        var at = DateTime.UtcNow;
        if (options.TryGetValue("time", out var timeText))
        {
            if (!DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                await stderr.WriteLineAsync($"--time '{timeText}' is not an ISO-8601 time").ConfigureAwait(false);
                return 2;
            }

            at = parsed.UtcDateTime;
        }

        PolicyExplanation explanation;
        try
        {
            explanation = PolicyExplainer.Explain(snapshot.Policy, snapshot.Sources, client, name, at);
        }
        catch (FormatException e)
        {
            await stderr.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        var c = CultureInfo.InvariantCulture;
        await stdout.WriteLineAsync(explanation.Summary).ConfigureAwait(false);
        await stdout.WriteLineAsync(string.Create(c, $"  name {explanation.Name}, client {explanation.Client}, group {explanation.Group ?? "(default)"}, {explanation.TimeUtc:u} = {explanation.LocalTime:yyyy-MM-dd HH:mm} {snapshot.Policy.TimeZone.Id}")).ConfigureAwait(false);
        foreach (var line in explanation.ListLines)
        {
            await stdout.WriteLineAsync(string.Create(c,
                $"  {(line.Decisive ? "*" : " ")} {line.ListName}:{line.LineNumber} {line.Action.ToString().ToLowerInvariant()} {line.ListedName} [{snapshot.Policy.CategoryNames[line.Category]}]{(line.Applies ? "" : " (exact entry, does not apply)")}")).ConfigureAwait(false);
        }

        return 0;
    }
}
