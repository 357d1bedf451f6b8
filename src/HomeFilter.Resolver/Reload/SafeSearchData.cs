namespace HomeFilter.Resolver.Reload;

/// <summary>Reads the bundled safe-search mapping (<c>blocklists/safesearch.txt</c>).</summary>
internal static class SafeSearchData
{
    public static (IReadOnlyList<string> Targets, IReadOnlyList<KeyValuePair<string, int>> Names) Load(string path, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"{path} is missing: safe search cannot be enforced");
            return ([], []);
        }

        var targets = new List<string>();
        var names = new List<KeyValuePair<string, int>>();
        foreach (var line in File.ReadLines(path))
        {
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            if (text[0] == '[' && text[^1] == ']')
            {
                targets.Add(text[1..^1]);
            }
            else if (targets.Count > 0)
            {
                names.Add(new KeyValuePair<string, int>(text, targets.Count - 1));
            }
        }

        return (targets, names);
    }
}
