using System.Globalization;
using HomeFilter.Rules.Explain;
using HomeFilter.Rules.Lists;
using HomeFilter.Rules.Trie;

namespace HomeFilter.Commands;

/// <summary>
/// <c>HomeFilter lists stats|explain</c>: loads blocklists into a category trie and prints what they
/// contain and cost, or why a name matches. The work is done by the Rules library; this only prints.
/// </summary>
public static class ListsCommand
{
    /// <summary>Runs the command; <paramref name="args"/> may start with <c>lists</c>. Returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = ListsCommandOptions.Parse(args, out var error);
        if (options is null)
        {
            stderr.WriteLine(error);
            stderr.WriteLine(ListsCommandOptions.Usage);
            return Task.FromResult(2);
        }

        foreach (var source in options.Sources)
        {
            if (!File.Exists(source.Name))
            {
                stderr.WriteLine($"List file not found: {source.Name}");
                return Task.FromResult(1);
            }
        }

        try
        {
            return Task.FromResult(options.Verb == "stats" ? Stats(options, stdout) : Explain(options, stdout));
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            stderr.WriteLine(exception.Message);
            return Task.FromResult(1);
        }
    }

    private static int Stats(ListsCommandOptions options, TextWriter output)
    {
        var result = RuleSetLoader.Load(options.Sources, perListFigures: true);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{"list",-48} {"category",-12} {"format",-8} {"lines",9} {"entries",9} {"dups",8} {"skipped",8} {"names",9} {"B/name",7} {"build ms",9} {"parse ms",9}"));
        foreach (var list in result.Lists)
        {
            var report = list.Report;
            output.WriteLine(string.Create(c, $"{Shorten(list.Source.Name, 48),-48} {CategoryName(options, list.Source),-12} {report.Format,-8} {report.Lines,9} {report.Entries,9} {report.Duplicates,8} {report.SkippedTotal,8} {list.DistinctNames,9} {list.BytesPerName,7:F2} {list.BuildTime.TotalMilliseconds,9:F0} {list.ParseTime.TotalMilliseconds,9:F0}"));
        }

        var trie = result.Trie;
        var stats = trie.Statistics;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"total: {stats.DistinctNames} distinct names, {stats.Records} trie nodes ({stats.ValueRecords} with a value after absorbing children), {stats.DistinctValues} distinct values"));
        output.WriteLine(string.Create(c, $"retained: {trie.RetainedBytes} bytes = {trie.BytesPerName:F2} bytes per name"));
        output.WriteLine(string.Create(c, $"build: {stats.BuildTime.TotalMilliseconds:F0} ms (after {result.ParseTime.TotalMilliseconds:F0} ms reading, parsing and adding); builder peak {stats.PeakBytes} bytes = {(double)stats.PeakBytes / Math.Max(1, trie.RetainedBytes):F2} x retained"));

        foreach (var list in result.Lists)
        {
            foreach (var (reason, skipped) in list.Report.Skipped)
            {
                output.WriteLine(string.Create(c, $"skipped in {list.Source.Name}: {reason} x{skipped.Count} (lines {string.Join(", ", skipped.FirstLines)})"));
            }
        }

        return 0;
    }

    private static int Explain(ListsCommandOptions options, TextWriter output)
    {
        var trie = RuleSetLoader.Load(options.Sources).Trie;
        var explanation = new RuleExplainer(options.Sources).Explain(trie, options.Name!);
        var match = explanation.Match;
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"name: {explanation.Name}"));
        if (match.IsBlocked)
        {
            output.WriteLine(string.Create(c, $"result: blocked by {string.Join(", ", Categories(options, match.CategoryMask))}"));
        }
        else if (match.AllowMatched)
        {
            output.WriteLine("result: allowed by an allow entry");
        }
        else
        {
            output.WriteLine("result: not listed");
        }

        if (explanation.DecidingName is not null)
        {
            output.WriteLine(string.Create(c, $"decided by: {(explanation.DecidingName.Length == 0 ? "(root)" : explanation.DecidingName)} (rule {match.RuleId})"));
        }

        foreach (var origin in explanation.Origins)
        {
            var category = origin.Action == RuleAction.Allow ? "allow" : options.Categories[origin.Category];
            var note = origin.Decisive ? "  <- decides" : origin.Applies ? string.Empty : "  (exact only: does not apply)";
            output.WriteLine(string.Create(c, $"  {origin.ListName}:{origin.LineNumber}  {origin.ListedName}  {origin.Action.ToString().ToLowerInvariant()} {origin.Scope.ToString().ToLowerInvariant()} [{category}]{note}"));
        }

        return 0;
    }

    private static string CategoryName(ListsCommandOptions options, RuleSource source) =>
        source.IsAllowList ? "(allow)" : options.Categories[source.Category];

    private static List<string> Categories(ListsCommandOptions options, ulong mask)
    {
        var names = new List<string>();
        for (var i = 0; i < options.Categories.Count; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                names.Add(options.Categories[i]);
            }
        }

        return names;
    }

    private static string Shorten(string text, int width) =>
        text.Length <= width ? text : string.Concat("…", text.AsSpan(text.Length - width + 1));
}
