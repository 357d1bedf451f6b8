using HomeFilter.Rules.Names;

namespace HomeFilter.Rules.Policy.SafeSearch;

/// <summary>
/// Reads the safe-search mapping format: <c>#</c> comments and blank lines are ignored, a <c>[target]</c> line starts
/// a section, and each following line is one EXACT name rewritten to that target. A section named twice continues
/// the first one.
/// </summary>
public static class SafeSearchMapReader
{
    /// <summary>
    /// Reads a mapping. Never throws on bad content: each bad line is reported in <paramref name="errors"/>
    /// (as <c>line N: why</c>) and skipped. A name listed twice keeps its first target.
    /// </summary>
    public static SafeSearchMap Read(TextReader reader, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<string>();
        var targets = new List<string>();
        var entries = new List<SafeSearchEntry>();
        // name -> (target index, line) so a repeat can say where the first one is.
        var seen = new Dictionary<string, (int Target, int Line)>(StringComparer.Ordinal);
        var current = -1;
        var lineNumber = 0;

        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                current = ReadSection(line, lineNumber, targets, seen, problems);
                continue;
            }

            ReadName(line, lineNumber, current, targets, entries, seen, problems);
        }

        errors = problems;
        return new SafeSearchMap(targets, entries);
    }

    /// <summary>Returns the section's target index, or -1 when the section line is bad (its names are then refused).</summary>
    private static int ReadSection(string line, int lineNumber, List<string> targets, Dictionary<string, (int Target, int Line)> seen, List<string> problems)
    {
        if (line[^1] != ']')
        {
            problems.Add($"line {lineNumber}: section '{line}' has no closing ']'");
            return -1;
        }

        if (!DomainName.TryNormalize(line[1..^1], out var target, out var error))
        {
            problems.Add($"line {lineNumber}: section target '{line[1..^1]}' is not a valid name ({error})");
            return -1;
        }

        if (seen.TryGetValue(target, out var listed))
        {
            // Rewriting a target would send its own safe answer somewhere else (or to itself).
            problems.Add($"line {lineNumber}: '{target}' is a target but is also listed as a name on line {listed.Line}");
        }

        var index = targets.IndexOf(target);
        if (index < 0)
        {
            index = targets.Count;
            targets.Add(target);
        }

        return index;
    }

    private static void ReadName(
        string line,
        int lineNumber,
        int current,
        List<string> targets,
        List<SafeSearchEntry> entries,
        Dictionary<string, (int Target, int Line)> seen,
        List<string> problems)
    {
        if (current < 0)
        {
            problems.Add($"line {lineNumber}: '{line}' is outside a valid [target] section");
            return;
        }

        if (!DomainName.TryNormalize(line, out var name, out var error))
        {
            problems.Add($"line {lineNumber}: '{line}' is not a valid name ({error})");
            return;
        }

        if (targets.Contains(name))
        {
            problems.Add($"line {lineNumber}: '{name}' is a target and cannot be rewritten");
            return;
        }

        if (seen.TryGetValue(name, out var first))
        {
            problems.Add(first.Target == current
                ? $"line {lineNumber}: '{name}' is listed twice (first on line {first.Line})"
                : $"line {lineNumber}: '{name}' is already rewritten to '{targets[first.Target]}' (line {first.Line}); the first is kept");
            return;
        }

        seen.Add(name, (current, lineNumber));
        entries.Add(new SafeSearchEntry(name, current));
    }
}
